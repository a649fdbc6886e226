package io.hookline.itests.karaf;

import static io.hookline.itests.karaf.KarafProcess.BOOT_DEADLINE;
import static io.hookline.itests.karaf.KarafProcess.cells;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import io.hookline.itests.felix.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Hookline's MBeans over the real JMX RMI connector of the distribution, in one boot of its own
 * copy ({@code hookline.karaf.jmx.dir}) on free ports, as a plain JMX client (no Hookline class on
 * its side: attributes are read as open types): the admin {@code karaf} reads the engine and the
 * example plugins and stops one, which {@code hook:list} and the audit trail then show; the shipped
 * {@code viewer} (enabled as an operator would) reads, and is refused every operation by
 * {@code etc/jmx.acl.io.hookline.cfg}; the Installer bean lists, installs and uninstalls an app.
 */
public class KarafJmxIT {

    private static final Duration JMX_DEADLINE = Duration.ofSeconds(90);
    private static final Duration CHANGE_DEADLINE = Duration.ofSeconds(20);
    private static final String[] STRING = {String.class.getName()};
    private static final List<String> EXAMPLE_PLUGINS = List.of("shout", "normalize-email", "block-disposable", "welcome-message");

    private static KarafProcess karaf;
    private static Path work;
    private static JMXConnector adminConnector;
    private static JMXConnector viewerConnector;
    private static MBeanServerConnection admin;
    private static MBeanServerConnection viewer;
    private static ObjectName engine;
    private static ObjectName installer;

    @BeforeClass
    public static void boot() throws Exception {
        String dir = System.getProperty("hookline.karaf.jmx.dir");
        assumeTrue("not in the karaf failsafe execution", dir != null);
        Path unpacked = Path.of(dir);
        karaf = new KarafProcess(unpacked, unpacked.resolve("console"));
        work = Files.createTempDirectory(unpacked, "work-");
        karaf.useFreePorts();
        KarafOperatorIT.enableTheShippedViewer(karaf.home().resolve("etc/users.properties"));
        assertTrue("the distribution ships the JMX ACL", Files.isRegularFile(karaf.home().resolve("etc/jmx.acl.io.hookline.cfg")));
        karaf.start(true);
        karaf.awaitClient("hook:list", out -> out.contains("shout"), BOOT_DEADLINE, "the example plugins in hook:list");
        engine = new ObjectName("io.hookline:type=Engine");
        installer = new ObjectName("io.hookline:type=Installer");
        adminConnector = connect("karaf", "karaf");
        admin = adminConnector.getMBeanServerConnection();
        viewerConnector = connect("viewer", "viewer");
        viewer = viewerConnector.getMBeanServerConnection();
        Await.awaitUntil("an MBean for each example plugin", JMX_DEADLINE,
                () -> pluginBeans(admin).containsAll(EXAMPLE_PLUGINS), () -> pluginBeans(admin));
    }

    @AfterClass
    public static void stop() throws Exception {
        for (JMXConnector c : new JMXConnector[] {adminConnector, viewerConnector}) {
            if (c != null) {
                c.close();
            }
        }
        if (karaf != null) {
            karaf.close();
        }
    }

    /** Connects to the distribution's connector as {@code user}, polling until it answers and the engine's MBean is there. */
    private static JMXConnector connect(String user, String password) {
        AtomicReference<JMXConnector> connector = new AtomicReference<>();
        AtomicReference<String> last = new AtomicReference<>("not tried");
        Await.awaitUntil("the JMX connector " + karaf.jmxUrl() + " serves " + user + " the Engine MBean", JMX_DEADLINE, () -> {
            try {
                JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(karaf.jmxUrl()),
                        Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
                if (c.getMBeanServerConnection().isRegistered(new ObjectName("io.hookline:type=Engine"))) {
                    connector.set(c);
                    return true;
                }
                last.set("connected; no io.hookline:type=Engine yet");
                c.close();
            } catch (IOException | SecurityException | javax.management.MalformedObjectNameException e) {
                last.set(e.toString());
            }
            return false;
        }, last::get);
        return connector.get();
    }

    private static Set<String> pluginBeans(MBeanServerConnection c) {
        try {
            return c.queryNames(new ObjectName("io.hookline:type=Plugin,*"), null).stream()
                    .map(n -> n.getKeyProperty("name")).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException | javax.management.MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectName plugin(String name) throws Exception {
        return new ObjectName("io.hookline:type=Plugin,name=" + name);
    }

    private static String status(String plugin) throws Exception {
        List<String> row = cells(karaf.client("hook:list"), plugin);
        return row.stream().filter(c -> c.matches("[A-Z]+")).findFirst()
                .orElseThrow(() -> new AssertionError("no status in " + row));
    }

    @Test
    public void adminReadsTheEngineAndEachExamplePlugin() throws Exception {
        Set<String> events = Set.of((String[]) admin.getAttribute(engine, "Events"));
        assertTrue("Events: " + events, events.containsAll(Set.of("chat_message", "user_registered")));
        int count = (Integer) admin.getAttribute(engine, "PluginCount");
        assertTrue("PluginCount " + count, count >= EXAMPLE_PLUGINS.size());
        TabularData counts = (TabularData) admin.getAttribute(engine, "PluginCounts");
        int sum = 0;
        for (String status : List.of("REGISTERED", "STARTED", "STOPPED", "HELD", "FAILED")) {
            sum += (Integer) counts.get(new Object[] {status}).get("value");
        }
        assertEquals("the counts by status add up to the plugins", count, sum);
        assertTrue("Health", Set.of("OK", "DEGRADED", "DOWN").contains((String) admin.getAttribute(engine, "Health")));
        CompositeData[] health = (CompositeData[]) admin.getAttribute(engine, "EventHealth");
        assertTrue("an EventHealth row per event", Arrays.stream(health).map(h -> h.get("event")).toList().containsAll(events));

        String shoutStatus = status("shout");
        ObjectName shout = plugin("shout");
        assertEquals("shout", admin.getAttribute(shout, "Name"));
        assertEquals("chat_message", admin.getAttribute(shout, "Event"));
        assertEquals("the bean and hook:list agree", shoutStatus, admin.getAttribute(shout, "Status"));
        assertEquals("io.hookline.examples.greeting", admin.getAttribute(shout, "Bundle"));
        assertEquals(50, admin.getAttribute(shout, "Priority"));
        assertEquals("CLOSED", admin.getAttribute(shout, "BreakerState"));
        assertFalse("a record id", ((String) admin.getAttribute(shout, "RecordId")).isEmpty());
        assertTrue((Boolean) admin.getAttribute(shout, "Active"));

        ObjectName welcome = plugin("welcome-message");
        assertArrayEquals(new String[] {"normalize-email"}, (String[]) admin.getAttribute(welcome, "Depends"));
        assertEquals("user_registered", admin.getAttribute(welcome, "Event"));
        assertTrue("block-disposable is the critical guard", (Boolean) admin.getAttribute(plugin("block-disposable"), "Critical"));
        assertEquals("every plugin hook:list shows has a bean", Set.copyOf(EXAMPLE_PLUGINS),
                pluginBeans(admin).stream().filter(EXAMPLE_PLUGINS::contains).collect(Collectors.toSet()));
    }

    @Test
    public void adminStopsAPluginOverJmxAndTheShellAndTheAuditTrailAgree() throws Exception {
        ObjectName shout = plugin("shout");
        try {
            CompositeData after = (CompositeData) admin.invoke(shout, "stop", new Object[0], new String[0]);
            assertEquals("STOPPED", after.get("status"));
            assertEquals("STOPPED", admin.getAttribute(shout, "Status"));
            assertEquals("hook:list shows the stop", "STOPPED", status("shout"));
            assertEquals("stopped by operator", admin.getAttribute(shout, "Reason"));
            String audit = karaf.client("hook:audit");
            assertTrue("the audit trail names the JMX user:\n" + audit,
                    audit.lines().anyMatch(l -> l.contains("jmx:karaf") && l.contains("plugin.stop") && l.contains("shout")));
        } finally {
            CompositeData enabled = (CompositeData) admin.invoke(engine, "enablePlugin", new Object[] {"shout"}, STRING);
            assertEquals("STARTED", enabled.get("status"));
        }
        assertEquals("STARTED", status("shout"));
        assertEquals("HELLO", karaf.client("hook:call chat_message hello").strip());
    }

    @Test
    public void viewerReadsButEveryOperationIsRefusedAndThePluginKeepsRunning() throws Exception {
        String before = status("shout");
        ObjectName shout = plugin("shout");
        assertEquals(before, viewer.getAttribute(shout, "Status"));
        assertTrue(((String[]) viewer.getAttribute(engine, "Events")).length > 0);
        assertTrue(((CompositeData[]) viewer.getAttribute(engine, "Plugins")).length > 0);
        refused(() -> viewer.invoke(shout, "stop", new Object[0], new String[0]), "stop on the plugin bean");
        refused(() -> viewer.invoke(engine, "stopPlugin", new Object[] {"shout"}, STRING), "Engine.stopPlugin");
        refused(() -> viewer.invoke(engine, "stopEvent", new Object[] {"chat_message"}, STRING), "Engine.stopEvent");
        refused(() -> viewer.invoke(installer, "uninstall", new Object[] {"anything"}, STRING), "Installer.uninstall");
        assertEquals("the plugin still runs", before, status("shout"));
        assertEquals(before, admin.getAttribute(shout, "Status"));
    }

    private interface JmxCall {
        Object run() throws Exception;
    }

    private static void refused(JmxCall call, String what) throws Exception {
        try {
            call.run();
            fail("a viewer may run " + what);
        } catch (SecurityException e) {
            assertTrue(what + ": " + e.getMessage(), e.getMessage().contains("Insufficient roles"));
        }
    }

    @Test
    public void anUnknownPluginOrEventIsRefusedNamingIt() throws Exception {
        try {
            admin.invoke(engine, "stopPlugin", new Object[] {"no-such-plugin"}, STRING);
            fail("stopped a plugin that does not exist");
        } catch (RuntimeMBeanException e) {
            assertEquals(IllegalArgumentException.class, e.getTargetException().getClass());
            assertEquals("unknown plugin 'no-such-plugin'", e.getTargetException().getMessage());
        }
        try {
            admin.invoke(engine, "restartEvent", new Object[] {"no_such_event"}, STRING);
            fail("restarted an event that does not exist");
        } catch (RuntimeMBeanException e) {
            assertTrue(e.getTargetException().getMessage(), e.getTargetException().getMessage().contains("no_such_event"));
        }
        assertFalse("no bean for a name that never was", pluginBeans(admin).contains("no-such-plugin"));
    }

    @Test
    public void aPluginsBeanLeavesWithItsBundleAndComesBackWithIt() throws Exception {
        karaf.client("bundle:stop io.hookline.examples.greeting");
        try {
            // the greeting bundle brings shout and welcome-message
            Await.awaitUntil("shout's and welcome-message's MBeans are withdrawn with their bundle", CHANGE_DEADLINE,
                    () -> !pluginBeans(admin).contains("shout") && !pluginBeans(admin).contains("welcome-message"),
                    () -> pluginBeans(admin));
            assertTrue("the signup bundle's plugins keep theirs: " + pluginBeans(admin),
                    pluginBeans(admin).containsAll(List.of("normalize-email", "block-disposable")));
        } finally {
            karaf.client("bundle:start io.hookline.examples.greeting");
        }
        Await.awaitUntil("both MBeans are back with their bundle", CHANGE_DEADLINE,
                () -> pluginBeans(admin).containsAll(List.of("shout", "welcome-message")), () -> pluginBeans(admin));
        assertEquals("chat_message", admin.getAttribute(plugin("shout"), "Event"));
    }

    @Test
    public void installerBeanListsInstallsAndUninstallsAnApp() throws Exception {
        Path jar = Files.write(work.resolve("vip-1.0.0.jar"), InstallerRestartIT.vipBundle());
        assertEquals(0, ((CompositeData[]) viewer.getAttribute(installer, "Apps")).length);
        refused(() -> viewer.invoke(installer, "install", new Object[] {"path", jar.toString(), "", false},
                new String[] {String.class.getName(), String.class.getName(), String.class.getName(), "boolean"}),
                "Installer.install");
        CompositeData installed = (CompositeData) admin.invoke(installer, "install",
                new Object[] {"path", jar.toString(), "", false},
                new String[] {String.class.getName(), String.class.getName(), String.class.getName(), "boolean"});
        try {
            assertEquals("INSTALLED", installed.get("status"));
            CompositeData[] apps = (CompositeData[]) viewer.getAttribute(installer, "Apps");
            assertEquals(1, apps.length);
            CompositeData app = apps[0];
            assertEquals(installed.get("app"), app.get("app"));
            assertEquals("1.0.0", app.get("version"));
            assertEquals("path", app.get("sourceType"));
            assertTrue("source " + app.get("source"), ((String) app.get("source")).endsWith(jar.toString()));
            assertTrue("sha256 " + app.get("sha256"), ((String) app.get("sha256")).matches("[0-9a-f]{64}"));
            assertEquals("jmx:karaf", app.get("requestedBy"));
            assertTrue("installer:list agrees", karaf.client("installer:list").contains((String) app.get("app")));
        } finally {
            CompositeData removed = (CompositeData) admin.invoke(installer, "uninstall", new Object[] {installed.get("app")}, STRING);
            assertEquals(installed.get("app"), removed.get("app"));
        }
        assertEquals(0, admin.getAttribute(installer, "AppCount"));
        try {
            admin.invoke(installer, "uninstall", new Object[] {"ghost"}, STRING);
            fail("uninstalled an app that is not there");
        } catch (RuntimeMBeanException e) {
            assertEquals(IllegalArgumentException.class, e.getTargetException().getClass());
            assertTrue(e.getTargetException().getMessage(), e.getTargetException().getMessage().startsWith("NOT_INSTALLED")
                    && e.getTargetException().getMessage().contains("ghost"));
            assertNull(e.getTargetException().getCause());
        }
    }
}
