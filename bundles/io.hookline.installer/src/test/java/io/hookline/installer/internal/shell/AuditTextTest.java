package io.hookline.installer.internal.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.hookline.store.audit.AuditEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class AuditTextTest {

    private static final long NOW = 1_764_590_400_000L; // 2025-12-01T12:00:00Z

    @Test
    public void sinceAcceptsInstantDateAndAge() {
        assertEquals(NOW, AuditText.since("2025-12-01T12:00:00Z", 0));
        assertEquals(NOW - 12 * 3_600_000L, AuditText.since("2025-12-01", 0));
        assertEquals(NOW - 30 * 60_000L, AuditText.since("30m", NOW));
        assertEquals(NOW - 2 * 3_600_000L, AuditText.since("2H", NOW));
        assertEquals(NOW - 7 * 86_400_000L, AuditText.since("7d", NOW));
        assertEquals("--since yesterday is not an instant (2026-12-01T10:00:00Z), a date (2026-12-01) or an age"
                + " (30m, 2h, 7d)", assertThrows(IllegalArgumentException.class, () -> AuditText.since("yesterday", NOW))
                .getMessage());
    }

    @Test
    public void printsOneLinePerEntry() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AuditText.print(List.of(AuditEntry.builder().when(NOW).who("shell:alice").action("install").result("refused")
                .app("acme").version("1.0.0").sha256("0123456789abcdef").source("url https://x/a.jar")
                .reason("HOST_NOT_ALLOWED: host x is not allowed").build()), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(String.format("%-24s %-16s %-10s %-8s %s%n", "When (UTC)", "Who", "Action", "Result", "What")
                + String.format("%-24s %-16s %-10s %-8s %s%n", "2025-12-01T12:00:00Z", "shell:alice", "install", "refused",
                        "acme 1.0.0 sha256 0123456789ab from url https://x/a.jar - HOST_NOT_ALLOWED: host x is not allowed"),
                bytes.toString(StandardCharsets.UTF_8));
    }
}
