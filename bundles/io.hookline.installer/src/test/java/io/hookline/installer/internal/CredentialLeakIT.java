package io.hookline.installer.internal;

import static io.hookline.installer.InstallException.Reason.*;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditQuery;
import io.hookline.store.internal.RecordAuditLog;
import java.time.Duration;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Credentials in a URL that never get as far as a request (issue 8, hole 8b): user info on the
 * first URL, user info in an authority Java cannot parse as a host (so {@code URI} reports no user
 * info at all), on the first URL and on a redirect. The refusal's message and the audit entry
 * (source and reason) never show the password.
 */
public class CredentialLeakIT extends EngineTestSupport {

    private static LocalHttpServer http;
    private RecordAuditLog log;

    @BeforeClass
    public static void server() throws Exception {
        http = new LocalHttpServer();
    }

    @AfterClass
    public static void stopServer() {
        http.close();
    }

    @Override
    protected InstallerSettings.Builder settings() {
        return InstallerSettings.builder(extensions).allowHosts("127.0.0.1:" + http.port()).allowPlainHttp(true);
    }

    @Override
    protected void prepare(InstallerEngine fresh) {
        log = new RecordAuditLog(store, 1000, Duration.ZERO, System::currentTimeMillis);
        fresh.audit = new StoreAuditTrail(() -> log);
    }

    private void assertNoSecret(InstallException e) {
        assertFalse(e.describe(), e.describe().contains("s3cret"));
        List<AuditEntry> entries = log.entries(AuditQuery.all());
        assertEquals(1, entries.size());
        AuditEntry a = entries.get(0);
        assertFalse(a.source(), a.source().contains("s3cret"));
        assertFalse(a.reason(), a.reason().contains("s3cret"));
    }

    @Test
    public void userInfoOnTheFirstUrlIsNeitherShownNorAudited() throws Exception {
        String url = "http://u:s3cret@127.0.0.1:" + http.port() + "/good.jar";
        assertNoSecret(assertRefused(InstallRequest.url(url), INVALID_REQUEST, "URL 'http://***@127.0.0.1:"
                + http.port() + "/good.jar' carries user info; credentials are never sent, stored or shown"));
    }

    @Test
    public void userInfoBeforeAnUnparseableHostIsNeitherShownNorAudited() throws Exception {
        String url = "http://u:s3cret@bad_host.example/good.jar";
        assertNoSecret(assertRefused(InstallRequest.url(url), INVALID_REQUEST, "URL 'http://***@bad_host.example"
                + "/good.jar' has no host name or IP address Java can parse (IP addresses are dotted quads or"
                + " bracketed IPv6)"));
    }

    @Test
    public void aRedirectWithUserInfoBeforeAnUnparseableHostIsNotShown() throws Exception {
        http.redirect("/r.jar", "http://u:s3cret@bad_host.example/good.jar");
        assertNoSecret(assertRefused(InstallRequest.url(http.url("/r.jar")), HTTP_ERROR, "redirect from "
                + http.url("/r.jar") + " to http://***@bad_host.example/good.jar names no host"));
    }
}
