package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.event.admin.PluginStatus;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The event access policy (issue 7 item 16). */
public class AccessPolicyTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine t;

    @Before
    public void open() throws Exception {
        t = new TestEngine(tmp.newFolder().toPath());
    }

    @After
    public void close() {
        t.close();
    }

    @Test
    public void rulesMatchEventsAndBundlesByPattern() {
        AccessPolicy p = AccessPolicy.parse(new String[] {"payment_* = com.acme.payments.*, com.acme.audit", " "});
        assertNull(p.refusal("payment_done", "com.acme.payments.core"));
        assertNull(p.refusal("payment_done", "com.acme.audit"));
        assertNull("an event no rule names is open", p.refusal("user_registered", "anything"));
        String refused = p.refusal("payment_done", "evil.bundle");
        assertTrue(refused, refused.contains("payment_* = com.acme.payments.*, com.acme.audit"));
        assertNull(AccessPolicy.parse(new String[0]).refusal("x", "y"));
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.parse(new String[] {"no equals sign"}));
    }

    @Test
    public void aPluginOutsideThePolicyFailsNamingTheRuleAndARelaxedPolicyHealsIt() {
        // TestEngine registers from bundle "test.bundle"
        t.engine.accessRules(new String[] {"secure_* = com.acme.*"});
        t.plugin("intruder", "secure_login", 10, List.of(), append("x"));
        t.plugin("elsewhere", "chat", 10, List.of(), append("y"));
        var p = t.engine.plugin("intruder").orElseThrow();
        assertEquals(PluginStatus.FAILED, p.status);
        assertTrue(p.statusReason, p.statusReason.contains("rule secure_* = com.acme.*"));
        assertEquals("in", t.engine.call("secure_login", "in").value());
        assertEquals(PluginStatus.REGISTERED, t.engine.plugin("elsewhere").orElseThrow().status);
        t.engine.accessRules(new String[] {"secure_* = com.acme.*, test.*"});
        assertEquals(PluginStatus.REGISTERED, t.engine.plugin("intruder").orElseThrow().status);
        assertEquals("inx", t.engine.call("secure_login", "in").value());
    }
}
