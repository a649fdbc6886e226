package io.hookline.jmx.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.hookline.event.Health;
import io.hookline.event.admin.PluginStatus;
import io.hookline.installer.InstallException;
import io.hookline.installer.Installer;
import io.hookline.jmx.EngineMXBean;
import io.hookline.jmx.HooklineMBeans;
import io.hookline.jmx.InstallerMXBean;
import io.hookline.jmx.PluginData;
import io.hookline.jmx.PluginMXBean;
import io.hookline.store.audit.AuditEntry;
import java.lang.reflect.Proxy;
import java.security.PrivilegedAction;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.TabularData;
import javax.security.auth.Subject;
import org.junit.Before;
import org.junit.Test;

/**
 * The beans as a JMX client sees them, in a private MBean server: open types only (nothing of
 * Hookline's on the wire), the verbs' outcome, errors and audit entries.
 */
public class MXBeanOpenTypesTest {

    private final Fakes.Admin admin = new Fakes.Admin();
    private final Fakes.Audit audit = new Fakes.Audit();
    private final AtomicLong nanos = new AtomicLong();
    private MBeanServer server;
    private ObjectName engineName;
    private ObjectName shoutName;

    @Before
    public void register() throws Exception {
        admin.plugins.put("shout", Fakes.plugin("shout", "chat_message", PluginStatus.REGISTERED));
        admin.plugins.put("welcome", Fakes.plugin("welcome", "user_registered", PluginStatus.STARTED));
        admin.health = List.of(Fakes.eventHealth("chat_message", Health.Status.OK, Fakes.health("shout", Health.Status.OK, "ok")));
        server = MBeanServerFactory.newMBeanServer();
        OperatorVerbs verbs = new OperatorVerbs(admin.proxy(), () -> audit, () -> 0L);
        engineName = new ObjectName(HooklineMBeans.ENGINE);
        shoutName = HooklineMBeans.plugin("shout");
        server.registerMBean(MBeanServices.mxbean(new EngineBean(admin.proxy(), verbs,
                new HealthRound(admin.proxy()::health, nanos::get, 1000), () -> 0L), EngineMXBean.class), engineName);
        server.registerMBean(MBeanServices.mxbean(new PluginBean("shout", admin.proxy(), verbs, () -> 0L),
                PluginMXBean.class), shoutName);
    }

    @Test
    public void everyAttributeParameterAndResultIsAnOpenTypeOfTheJdk() throws Exception {
        for (ObjectName name : List.of(engineName, shoutName)) {
            MBeanInfo info = server.getMBeanInfo(name);
            for (MBeanAttributeInfo a : info.getAttributes()) {
                assertJdkType(name + " attribute " + a.getName(), a.getType());
                assertOpen(name + " attribute " + a.getName(), a.getDescriptor().getFieldValue("openType"));
                Object value = server.getAttribute(name, a.getName());
                assertTrue(name + " " + a.getName() + " = " + value, value == null || value.getClass().getName().startsWith("java")
                        || value.getClass().getName().startsWith("[Ljava") || value instanceof CompositeData || value instanceof TabularData || value instanceof CompositeData[]);
            }
            for (MBeanOperationInfo op : info.getOperations()) {
                assertJdkType(name + " " + op.getName() + " result", op.getReturnType());
                for (MBeanParameterInfo p : op.getSignature()) {
                    assertJdkType(name + " " + op.getName() + " parameter", p.getType());
                }
            }
        }
        MBeanInfo installer = MBeanServices.mxbean(new InstallerBean(installer(null)), InstallerMXBean.class).getMBeanInfo();
        for (MBeanOperationInfo op : installer.getOperations()) {
            assertJdkType("Installer " + op.getName(), op.getReturnType());
        }
    }

    private static void assertJdkType(String what, String type) {
        assertTrue(what + " is " + type, type.startsWith("java") || type.startsWith("[Ljava") || type.startsWith("[Ljavax")
                || Set.of("int", "long", "boolean", "void").contains(type));
    }

    private static void assertOpen(String what, Object openType) {
        assertTrue(what + " has open type " + openType, openType instanceof OpenType);
    }

    @Test
    public void engineAttributesReadTheEngine() throws Exception {
        assertArrayEquals(new String[] {"chat_message", "user_registered"}, (String[]) server.getAttribute(engineName, "Events"));
        assertEquals(2, server.getAttribute(engineName, "PluginCount"));
        TabularData counts = (TabularData) server.getAttribute(engineName, "PluginCounts");
        assertEquals(1, counts.get(new Object[] {"REGISTERED"}).get("value"));
        assertEquals(0, counts.get(new Object[] {"HELD"}).get("value"));
        assertEquals("OK", server.getAttribute(engineName, "Health"));
        CompositeData[] plugins = (CompositeData[]) server.getAttribute(engineName, "Plugins");
        assertEquals("shout", plugins[0].get("name"));
        assertEquals("chat_message", plugins[0].get("event"));
        assertEquals("REGISTERED", plugins[0].get("status"));
        assertEquals("CLOSED", plugins[0].get("breakerState"));
        assertEquals("id-shout", plugins[0].get("recordId"));
    }

    @Test
    public void healthIsProbedOncePerRound() throws Exception {
        server.getAttribute(engineName, "Health");
        server.getAttribute(engineName, "EventHealth");
        assertEquals(1, admin.calls.stream().filter(c -> c.equals("health")).count());
        nanos.addAndGet(1001);
        server.getAttribute(engineName, "Health");
        assertEquals(2, admin.calls.stream().filter(c -> c.equals("health")).count());
    }

    @Test
    public void pluginAttributesAndStopThroughAnMXBeanProxy() throws Exception {
        PluginMXBean shout = JMX.newMXBeanProxy(server, shoutName, PluginMXBean.class);
        assertEquals("shout", shout.getName());
        assertEquals("REGISTERED", shout.getStatus());
        assertEquals("test.bundle", shout.getBundle());
        assertEquals("id-shout", shout.getRecordId());
        PluginData after = Subject.doAs(admin("alice"), (PrivilegedAction<PluginData>) shout::stop);
        assertEquals("STOPPED", after.getStatus());
        assertEquals("STOPPED", server.getAttribute(shoutName, "Status"));
        AuditEntry entry = audit.entries.get(0);
        assertEquals("jmx:alice", entry.who());
        assertEquals("plugin.stop", entry.action());
        assertEquals("shout", entry.plugin());
        assertEquals(AuditEntry.OK, entry.result());
    }

    @Test
    public void anUnknownPluginIsRefusedNamingItAndAudited() throws Exception {
        try {
            server.invoke(engineName, "stopPlugin", new Object[] {"no-such-plugin"}, new String[] {String.class.getName()});
            fail("stopped an unknown plugin");
        } catch (RuntimeMBeanException e) {
            assertEquals(IllegalArgumentException.class, e.getTargetException().getClass());
            assertEquals("unknown plugin 'no-such-plugin'", e.getTargetException().getMessage());
            assertNull("no cause a client might not load", e.getTargetException().getCause());
        }
        EngineMXBean engine = JMX.newMXBeanProxy(server, engineName, EngineMXBean.class);
        try {
            engine.stopEvent("no-such-event");
            fail("stopped an unknown event");
        } catch (IllegalArgumentException e) {
            assertEquals("unknown event 'no-such-event'", e.getMessage());
        }
        try {
            engine.enablePlugin(" ");
            fail("enabled a blank name");
        } catch (IllegalArgumentException e) {
            assertEquals("enable needs a plugin name; none was given", e.getMessage());
        }
        assertEquals(List.of("no-such-plugin", "event:no-such-event"), audit.entries.stream().map(AuditEntry::plugin).toList());
        assertTrue(audit.entries.stream().allMatch(a -> a.result().equals(AuditEntry.REFUSED)));
        assertEquals("jmx:unknown", audit.entries.get(0).who());
    }

    @Test
    public void theEnginesGuardRefusalReachesTheClientAsASecurityExceptionAndIsAudited() throws Exception {
        admin.failNext = new SecurityException("'stop' needs the role 'admin'; user 'bob' does not have it");
        EngineMXBean engine = JMX.newMXBeanProxy(server, engineName, EngineMXBean.class);
        try {
            engine.stopPlugin("shout");
            fail("a viewer stopped a plugin");
        } catch (SecurityException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("needs the role 'admin'"));
        }
        assertEquals(AuditEntry.REFUSED, audit.entries.get(0).result());
        assertEquals("REGISTERED", admin.plugins.get("shout").status.name());
    }

    @Test
    public void anyOtherFailureBecomesAnIllegalStateExceptionWithoutItsHooklineCause() throws Exception {
        admin.failNext = new InstallException(InstallException.Reason.IO_ERROR, "disk full");
        try {
            server.invoke(shoutName, "restart", new Object[0], new String[0]);
            fail("no failure");
        } catch (RuntimeMBeanException e) {
            assertEquals(IllegalStateException.class, e.getTargetException().getClass());
            assertTrue(e.getTargetException().getMessage(), e.getTargetException().getMessage().contains("disk full"));
            assertNull(e.getTargetException().getCause());
        }
        assertEquals(AuditEntry.FAILED, audit.entries.get(0).result());
    }

    @Test
    public void aPluginThatLeftSaysSo() throws Exception {
        admin.plugins.remove("shout");
        try {
            server.getAttribute(shoutName, "Status");
            fail("read a gone plugin");
        } catch (RuntimeMBeanException e) {
            assertEquals("plugin 'shout' has left the engine", e.getTargetException().getMessage());
        }
    }

    @Test
    public void pluginObjectNamesQuoteOnlyWhenTheyMust() {
        assertEquals("io.hookline:type=Plugin,name=welcome-message", HooklineMBeans.plugin("welcome-message").toString());
        assertEquals("Plugin", HooklineMBeans.plugin("a,b").getKeyProperty("type"));
        assertEquals("\"a,b\"", HooklineMBeans.plugin("a,b").getKeyProperty("name"));
    }

    private static Subject admin(String user) {
        Subject s = new Subject();
        s.getPrincipals().add(new Fakes.UserPrincipal(user));
        s.getPrincipals().add(new Fakes.RolePrincipal("admin"));
        return s;
    }

    static Installer installer(RuntimeException failure) {
        return (Installer) Proxy.newProxyInstance(Installer.class.getClassLoader(), new Class<?>[] {Installer.class},
                (self, method, args) -> {
                    if (failure != null) {
                        throw failure;
                    }
                    return method.getName().equals("list") ? List.of() : null;
                });
    }

    @Test
    public void metricsAreAttributesAClientReadsWithoutHooklineClasses() throws Exception {
        io.hookline.event.admin.MetricsDTO m = new io.hookline.event.admin.MetricsDTO();
        m.plugin = "shout";
        m.event = "chat_message";
        m.enabled = true;
        m.sampleEvery = 1024;
        m.calls = 4096;
        m.halts = 1024;
        m.failures = java.util.Map.of("THREW", 2L, "SLOW", 1L);
        m.failuresTotal = 3;
        m.skips = 5;
        m.breakerOpens = 1;
        m.p50Nanos = 800;
        m.p99Nanos = 12_000;
        m.latencySamples = 4;
        admin.plugins.get("shout").metrics = m;
        io.hookline.event.admin.EventMetricsDTO e = new io.hookline.event.admin.EventMetricsDTO();
        e.event = "chat_message";
        e.enabled = true;
        e.sampleEvery = 1024;
        e.calls = 4100;
        e.halts = 1024;
        e.failures = 3;
        e.skips = 5;
        e.plugins = List.of(m);
        admin.metrics = List.of(e);

        assertEquals(4096L, server.getAttribute(shoutName, "Calls"));
        assertEquals(1024L, server.getAttribute(shoutName, "Halts"));
        assertEquals(3L, server.getAttribute(shoutName, "Failures"));
        assertEquals(5L, server.getAttribute(shoutName, "Skips"));
        assertEquals(1L, server.getAttribute(shoutName, "BreakerOpens"));
        assertEquals(800L, server.getAttribute(shoutName, "LatencyP50Nanos"));
        assertEquals(12_000L, server.getAttribute(shoutName, "LatencyP99Nanos"));
        CompositeData data = (CompositeData) server.getAttribute(shoutName, "Data");
        assertEquals(2L, data.get("failuresThrew"));
        assertEquals(1L, data.get("failuresSlow"));
        assertEquals(0L, data.get("failuresNullReply"));
        assertEquals(1024, data.get("metricsSampleEvery"));

        CompositeData[] events = (CompositeData[]) server.getAttribute(engineName, "EventMetrics");
        assertEquals(1, events.length);
        assertEquals("chat_message", events[0].get("event"));
        assertEquals(4100L, events[0].get("calls"));
        assertEquals(1024L, events[0].get("halts"));
        assertEquals(3L, events[0].get("failures"));
        assertEquals(5L, events[0].get("skips"));
        assertEquals(1024, server.getAttribute(engineName, "MetricsSampleEvery"));
        // the plugins list carries the metrics too
        CompositeData[] plugins = (CompositeData[]) server.getAttribute(engineName, "Plugins");
        assertEquals(4096L, java.util.Arrays.stream(plugins).filter(p -> "shout".equals(p.get("name"))).findFirst()
                .orElseThrow().get("calls"));
    }

    @Test
    public void aPluginWithoutMetricsReadsZerosAndNoLatency() throws Exception {
        assertEquals(0L, server.getAttribute(shoutName, "Calls"));
        assertEquals(-1L, server.getAttribute(shoutName, "LatencyP99Nanos"));
        assertEquals(0, server.getAttribute(engineName, "MetricsSampleEvery"));
    }
}
