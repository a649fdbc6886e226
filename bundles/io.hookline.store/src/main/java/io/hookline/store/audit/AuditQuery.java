package io.hookline.store.audit;

import java.util.Objects;

/**
 * Which {@link AuditEntry entries} {@link AuditLog#entries} returns: every criterion set must
 * match. Immutable; each {@code with}-style method returns a copy.
 */
public final class AuditQuery {

    private static final AuditQuery ALL = new AuditQuery(null, null, null, 0, 0);

    private final String app;
    private final String plugin;
    private final String action;
    private final long since;
    private final int limit;

    private AuditQuery(String app, String plugin, String action, long since, int limit) {
        this.app = app;
        this.plugin = plugin;
        this.action = action;
        this.since = since;
        this.limit = limit;
    }

    /** @return a query matching every entry */
    public static AuditQuery all() {
        return ALL;
    }

    /** @return a copy matching only entries about this app */
    public AuditQuery app(String name) {
        return new AuditQuery(Objects.requireNonNull(name, "name"), plugin, action, since, limit);
    }

    /** @return a copy matching only entries about this plugin */
    public AuditQuery plugin(String name) {
        return new AuditQuery(app, Objects.requireNonNull(name, "name"), action, since, limit);
    }

    /** @return a copy matching only entries with this action */
    public AuditQuery action(String name) {
        return new AuditQuery(app, plugin, Objects.requireNonNull(name, "name"), since, limit);
    }

    /**
     * Reads a "since" time as the shells take it ({@code installer:audit --since}, {@code hook:audit
     * --since}).
     *
     * @param since an ISO instant ({@code 2026-12-01T10:00:00Z}), a date ({@code 2026-12-01},
     *     midnight UTC) or an age ({@code 30m}, {@code 2h}, {@code 7d}; s, m, h, d) before {@code now}
     * @param now epoch millis
     * @return epoch millis
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static long parseSince(String since, long now) {
        String s = since.trim().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2)) {
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> 86_400_000L;
            };
            return now - n * unit;
        }
        try {
            return java.time.Instant.parse(since.trim()).toEpochMilli();
        } catch (java.time.format.DateTimeParseException notInstant) {
            try {
                return java.time.LocalDate.parse(since.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                        .toEpochMilli();
            } catch (java.time.format.DateTimeParseException notDate) {
                throw new IllegalArgumentException("--since " + since + " is not an instant (2026-12-01T10:00:00Z),"
                        + " a date (2026-12-01) or an age (30m, 2h, 7d)");
            }
        }
    }

    /** @return a copy matching only entries at or after this time (epoch millis) */
    public AuditQuery since(long epochMillis) {
        return new AuditQuery(app, plugin, action, epochMillis, limit);
    }

    /** @return a copy returning at most the newest {@code max} matches (0: no limit) */
    public AuditQuery limit(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + max);
        }
        return new AuditQuery(app, plugin, action, since, max);
    }

    /** @return the limit, 0 for none */
    public int limit() {
        return limit;
    }

    /** @return true if the entry matches every criterion set */
    public boolean matches(AuditEntry e) {
        return (app == null || app.equals(e.app())) && (plugin == null || plugin.equals(e.plugin()))
                && (action == null || action.equals(e.action())) && e.when() >= since;
    }

    @Override
    public String toString() {
        return "AuditQuery[app=" + app + " plugin=" + plugin + " action=" + action + " since=" + since + " limit=" + limit
                + "]";
    }
}
