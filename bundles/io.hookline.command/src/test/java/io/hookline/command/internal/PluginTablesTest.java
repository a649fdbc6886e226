package io.hookline.command.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.Health;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.karaf.shell.support.table.ShellTable;
import org.junit.Test;

public class PluginTablesTest {

    /** Rows as the shell would show them, in plain ASCII, split into trimmed cells. */
    private static List<List<String>> rows(ShellTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.forceAscii().print(new PrintStream(bytes, true, StandardCharsets.UTF_8), StandardCharsets.UTF_8, true);
        return bytes.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> !line.matches("[-+ ]*"))
                .map(line -> List.of(line.split("\\|", -1)).stream().map(String::strip).toList())
                .toList();
    }

    static PluginDTO plugin(String name, String event, int priority, PluginStatus status, String reason) {
        PluginDTO p = new PluginDTO();
        p.id = "id-" + name;
        p.name = name;
        p.event = event;
        p.priority = priority;
        p.status = status;
        p.statusReason = reason;
        p.bundle = "io.hookline.examples.signup";
        p.bundleId = 42;
        p.depends = new String[0];
        return p;
    }

    @Test
    public void pluginTableHasOneRowPerPluginWithEveryColumn() {
        List<List<String>> rows = rows(PluginTables.plugins(List.of(
                plugin("normalize-email", "user_registered", 10, PluginStatus.REGISTERED, ""),
                plugin("block-disposable", "user_registered", 20, PluginStatus.HELD, "dependency normalize-email is stopped"))));

        assertEquals(List.of("Name", "Event", "Priority", "Status", "Reason", "Bundle", "ID", "Event Type"), rows.get(0));
        assertEquals(List.of("normalize-email", "user_registered", "10", "REGISTERED", "",
                "io.hookline.examples.signup [42]", "id-normalize-email", "any"), rows.get(1));
        assertEquals("dependency normalize-email is stopped", rows.get(2).get(4));
        assertEquals(3, rows.size());
    }

    @Test
    public void nullReasonAndUnknownBundleShowEmpty() {
        PluginDTO p = plugin("x", "", 100, PluginStatus.FAILED, null);
        p.bundle = null;
        p.id = null;

        List<String> row = rows(PluginTables.plugins(List.of(p))).get(1);

        assertEquals(List.of("x", "", "100", "FAILED", "", "", "", "any"), row);
    }

    @Test
    public void theEventTypeColumnShowsEachEventsContractAskedOncePerEvent() {
        List<String> asked = new java.util.ArrayList<>();
        List<List<String>> rows = rows(PluginTables.plugins(List.of(
                plugin("normalize-email", "user_registered", 10, PluginStatus.STARTED, ""),
                plugin("block-disposable", "user_registered", 20, PluginStatus.STARTED, ""),
                plugin("greet", "greeting", 50, PluginStatus.STARTED, "")), event -> {
                    asked.add(event);
                    return event.equals("user_registered") ? "java.util.Map" : "";
                }));

        assertEquals("java.util.Map", rows.get(1).get(7));
        assertEquals("java.util.Map", rows.get(2).get(7));
        assertEquals("an undeclared event takes any state type", "any", rows.get(3).get(7));
        assertEquals(List.of("user_registered", "greeting"), asked);
    }

    @Test
    public void anEmptyListSaysSo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PluginTables.plugins(List.of()).print(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);

        assertTrue(bytes.toString(StandardCharsets.UTF_8), bytes.toString(StandardCharsets.UTF_8).contains("no plugins"));
    }

    @Test
    public void chainTableShowsPositionOrADashForLeftOutPlugins() {
        ChainDTO chain = new ChainDTO();
        chain.event = "user_registered";
        chain.entries = List.of(entry(1, "normalize-email", 10, PluginStatus.REGISTERED, "priority 10"),
                entry(0, "welcome-message", 50, PluginStatus.STOPPED, "stopped by operator"));

        List<List<String>> rows = rows(PluginTables.chain(chain));

        assertEquals(List.of("Position", "Plugin", "Priority", "Status", "Reason"), rows.get(0));
        assertEquals(List.of("1", "normalize-email", "10", "REGISTERED", "priority 10"), rows.get(1));
        assertEquals(List.of("-", "welcome-message", "50", "STOPPED", "stopped by operator"), rows.get(2));
    }

    @Test
    public void healthTableHasOneRowPerPluginProbe() {
        HealthDTO h = new HealthDTO();
        h.plugin = "shout";
        h.event = "chat_message";
        h.status = Health.Status.DOWN;
        h.message = "timeout";
        h.durationMicros = 1_000_000;
        EventHealthDTO event = new EventHealthDTO();
        event.event = "chat_message";
        event.status = Health.Status.DOWN;
        event.plugins = List.of(h);

        List<List<String>> rows = rows(PluginTables.health(List.of(event)));

        assertEquals(List.of("Event", "Event Status", "Plugin", "Status", "Message", "Took (ms)"), rows.get(0));
        assertEquals(List.of("chat_message", "DOWN", "shout", "DOWN", "timeout", "1000.0"), rows.get(1));
    }

    private static ChainDTO.Entry entry(int position, String plugin, int priority, PluginStatus status, String reason) {
        ChainDTO.Entry e = new ChainDTO.Entry();
        e.position = position;
        e.plugin = plugin;
        e.priority = priority;
        e.status = status;
        e.reason = reason;
        return e;
    }

    /** A hostile plugin (its name, its exception text) must not drive the operator's terminal. */
    @Test
    public void controlCharactersInNamesReasonsAndMessagesAreShownEscapedNeverSentToTheTerminal() {
        PluginDTO p = plugin("evil\u001b[2K\r", "user_registered", 10, PluginStatus.FAILED,
                "boom\n\u001b[1A\u001b[2Kall fine\u202e");
        p.lastFailure = "x\u001b]0;title\u0007";
        p.bundle = "evil\u009b2K";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PluginTables.plugins(List.of(p)).forceAscii().print(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, true);
        String shown = bytes.toString(StandardCharsets.UTF_8) + String.join("\n", PluginTables.info(p));
        for (char c : shown.toCharArray()) {
            assertTrue("control or format character U+" + Integer.toHexString(c) + " reached the terminal: " + shown,
                    c == '\n' || !(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT));
        }
        assertTrue(shown, shown.contains("evil\\u001b[2K\\u000d"));
        assertEquals("one row: a newline in a reason does not start another", 2, rows(PluginTables.plugins(List.of(p))).size());
    }

    private static io.hookline.event.admin.HealthContributor contributor(String name, java.util.function.Supplier<Health> health) {
        return new io.hookline.event.admin.HealthContributor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health health() {
                return health.get();
            }
        };
    }

    @Test
    public void aContributorLineNamesThePartItsStatusAndWhatIsWrongUncut() {
        String missing = "partitioned: missing C (the view holds 2 of 3 known members: A, B)" + "x".repeat(80);

        assertEquals("Cluster: OK", PluginTables.contributor(contributor("Cluster", Health::ok)));
        assertEquals("Cluster: DEGRADED " + missing,
                PluginTables.contributor(contributor("Cluster", () -> Health.degraded(missing))));
        assertEquals("a hostile message is escaped", "Cluster: DOWN cut\\u001b[2K",
                PluginTables.contributor(contributor("Cluster", () -> Health.down("cut\u001b[2K"))));
    }

    @Test
    public void aContributorThatThrowsIsShownDownInsteadOfFailingTheCommand() {
        String line = PluginTables.contributor(contributor("Cluster", () -> {
            throw new IllegalStateException("channel closed");
        }));

        assertEquals("Cluster: DOWN health not available: java.lang.IllegalStateException: channel closed", line);
    }
}
