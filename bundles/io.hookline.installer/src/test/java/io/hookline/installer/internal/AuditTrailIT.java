package io.hookline.installer.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditQuery;
import io.hookline.store.internal.RecordAuditLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

/**
 * Item 20: every install, upgrade, uninstall, refusal and replay lands in the store's audit log
 * with who asked, what (app, version, sha256, source) and the outcome.
 */
public class AuditTrailIT extends EngineTestSupport {

    private RecordAuditLog log;

    @Override
    protected void prepare(InstallerEngine fresh) {
        log = new RecordAuditLog(store, 1000, Duration.ZERO, System::currentTimeMillis);
        fresh.audit = new StoreAuditTrail(() -> log);
    }

    private static String line(AuditEntry e) {
        return e.who() + " " + e.action() + " " + e.result() + " " + e.app() + " " + e.version()
                + (e.reason().isEmpty() ? "" : " " + e.reason().substring(0, e.reason().indexOf(':')));
    }

    @Test
    public void everyOperationIsAudited() throws Exception {
        Path v1 = jar(quiet("com.acme.audited", "1.0.0"));
        engine.install(InstallRequest.path(v1).app("audited").requestedBy("shell:alice"));
        engine.install(InstallRequest.path(jar(quiet("com.acme.audited", "1.1.0"))).app("audited")
                .requestedBy("shell:alice"));
        try {
            engine.install(InstallRequest.path(v1).app("audited").requestedBy("shell:mallory"));
            fail("expected VERSION_NOT_NEWER");
        } catch (InstallException expected) {
            // refused
        }
        try {
            engine.install(InstallRequest.path(jar(quiet("com.acme.audited", "2.0.0")
                    .header("Import-Package", "org.osgi.framework,com.acme.missing"))).app("audited").requestedBy("shell:bob"));
            fail("expected UNRESOLVED");
        } catch (InstallException expected) {
            // rolled back
        }
        restart(true);
        engine.uninstall("audited", null, "shell:bob");
        List<String> seen = log.entries(AuditQuery.all().app("audited")).stream().map(AuditTrailIT::line).toList();
        assertEquals(List.of("shell:alice install ok audited 1.0.0", "shell:alice upgrade ok audited 1.1.0",
                "shell:mallory install refused audited 1.0.0 VERSION_NOT_NEWER",
                "shell:bob install failed audited 2.0.0 UNRESOLVED", " replay ok audited 1.1.0",
                "shell:bob uninstall ok audited 1.1.0"), seen);
        try {
            engine.uninstall("audited", null, "shell:bob");
            fail("expected NOT_INSTALLED");
        } catch (InstallException expected) {
            // refused
        }
        assertEquals("shell:bob uninstall refused audited  NOT_INSTALLED",
                line(log.entries(AuditQuery.all().limit(1)).get(0)));
        AuditEntry first = log.entries(AuditQuery.all()).get(0);
        assertTrue(first.source(), first.source().startsWith("path "));
        assertEquals(64, first.sha256().length());
    }

    /** A refusal because the installer is closing (reconfigured, stopped) is a refusal like any other: audited. */
    @Test
    public void refusalWhileClosingIsAudited() throws Exception {
        Path jar = jar(quiet("com.acme.late", "1.0.0"));
        engine.close();
        try {
            engine.install(InstallRequest.path(jar).app("late").requestedBy("shell:carol"));
            fail("expected INTERRUPTED");
        } catch (InstallException expected) {
            assertEquals(InstallException.Reason.INTERRUPTED, expected.reason());
        }
        assertEquals("shell:carol install refused late  INTERRUPTED",
                line(log.entries(AuditQuery.all().limit(1)).get(0)));
    }
}
