package io.hookline.command.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.event.Dispatcher;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.event.admin.PluginStatus;
import io.hookline.event.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * User errors are one line (Karaf's CommandException: printed on the console, logged at DEBUG
 * only); calls of an unattached event say so on stderr (issue 6 item 4).
 */
public class CommandErrorsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @Before
    public void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @After
    public void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** An admin without plugins: unknown names throw as the engine's do. */
    private static PluginAdmin emptyAdmin() {
        return (PluginAdmin) Proxy.newProxyInstance(CommandErrorsTest.class.getClassLoader(),
                new Class<?>[] {PluginAdmin.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "events" -> Set.of();
                    case "plugin", "declaredType" -> Optional.empty();
                    case "plugins" -> List.of();
                    default -> throw new IllegalArgumentException("unknown plugin '" + args[0] + "'");
                });
    }

    private static Dispatcher echo() {
        return (Dispatcher) Proxy.newProxyInstance(CommandErrorsTest.class.getClassLoader(),
                new Class<?>[] {Dispatcher.class}, (proxy, method, args) -> Result.of(args[1], null));
    }

    @Test
    public void callOfAnEventWithoutPluginsSaysSoOnStderrAndPrintsTheValue() throws Exception {
        CallEvent call = new CallEvent();
        call.dispatcher = echo();
        call.admin = emptyAdmin();
        call.event = "nobody_listens";
        call.input = List.of("hello");
        call.execute();
        assertEquals("no plugin is attached to event 'nobody_listens'", err().strip());
        assertEquals("hello", out().strip());
    }

    @Test
    public void badJsonIsOneLineAndCallsNothing() {
        CallEvent call = new CallEvent();
        call.dispatcher = echo();
        call.admin = emptyAdmin();
        call.event = "e";
        call.input = List.of("{\"a\":");
        CommandException e = org.junit.Assert.assertThrows(CommandException.class, call::execute);
        assertEquals(1, e.getNiceHelp().lines().count());
        assertTrue(e.getNiceHelp(), e.getNiceHelp().startsWith("Error: not a JSON object"));
        assertEquals("", out());
    }

    @Test
    public void anUnknownPluginIsOneLine() {
        StopPlugin stop = new StopPlugin();
        stop.admin = emptyAdmin();
        stop.plugin = "nope";
        CommandException e = org.junit.Assert.assertThrows(CommandException.class, stop::execute);
        assertEquals("Error: unknown plugin 'nope'", e.getNiceHelp());
        assertEquals("", out());

        ShowInfo info = new ShowInfo();
        info.admin = emptyAdmin();
        info.plugin = "nope";
        e = org.junit.Assert.assertThrows(CommandException.class, info::execute);
        assertEquals("Error: unknown plugin 'nope'", e.getNiceHelp());
    }

    /** A bean an application could declare as its event's state type. */
    public static final class Signup {
        private String email;

        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email;
        }
    }

    @Test
    public void jsonIsConvertedToTheDeclaredTypeOrRefusedBeforeAnyPluginRuns() {
        Object bean = CallInput.convert("{\"email\":\"a@b.c\"}", "signup", Signup.class);
        assertEquals("a@b.c", ((Signup) bean).getEmail());
        assertEquals("plain", CallInput.convert("plain", "chat", String.class));
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> CallInput.convert("{\"nope\":1}", "signup", Signup.class));
        assertTrue(e.getMessage(), e.getMessage().contains("declared as " + Signup.class.getName()));
        org.junit.Assert.assertThrows(IllegalArgumentException.class, () -> CallInput.convert("text", "signup", Signup.class));
    }

    @Test
    public void infoShowsTheFullReasonThatTheTableCuts() {
        String reason = "dependency 'normalize-email' is stopped; ".repeat(4).strip();
        PluginDTO p = PluginTablesTest.plugin("block-disposable", "user_registered", 20, PluginStatus.HELD, reason);
        p.breakerOpenUntil = System.currentTimeMillis() + 30_000;
        p.consecutiveFailures = 5;
        String cut = PluginTables.reason(p);
        assertTrue(cut, cut.matches(".*skipped until \\d\\d:\\d\\d:\\d\\d after 5 failures"));
        assertEquals(PluginTables.MAX_TEXT, PluginTables.cut(cut).length());
        assertTrue(PluginTables.cut(cut).endsWith("..."));
        assertTrue(PluginTables.info(p).contains("Reason:        " + reason));
    }
}
