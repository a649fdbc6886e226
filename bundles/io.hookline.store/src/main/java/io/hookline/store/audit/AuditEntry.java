package io.hookline.store.audit;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audited operation: when, who (the authenticated subject), what (app, version, sha256,
 * signer, source, plugin), the action, its result and the reason of a refusal or failure.
 * Immutable; build with {@link #builder()}. Fields that do not apply are "" (never null).
 *
 * <p>Actions used by Hookline: {@value #INSTALL}, {@value #UPGRADE}, {@value #UNINSTALL},
 * {@value #REPLAY} (installer), and the operator verbs on plugins ({@code plugin.stop},
 * {@code plugin.start}, ...). Results: {@value #OK}, {@value #REFUSED} (nothing was changed),
 * {@value #FAILED} (attempted and rolled back or isolated).
 */
public final class AuditEntry {

    public static final String INSTALL = "install";
    public static final String UPGRADE = "upgrade";
    public static final String UNINSTALL = "uninstall";
    public static final String REPLAY = "replay";
    public static final String OK = "ok";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";

    private final String id;
    private final long when;
    private final String node;
    private final String who;
    private final String action;
    private final String result;
    private final String reason;
    private final String app;
    private final String version;
    private final String sha256;
    private final String signer;
    private final String source;
    private final String plugin;

    private AuditEntry(Builder b) {
        this.id = b.id;
        this.when = b.when;
        this.node = b.node;
        this.who = b.who;
        this.action = b.action;
        this.result = b.result;
        this.reason = b.reason;
        this.app = b.app;
        this.version = b.version;
        this.sha256 = b.sha256;
        this.signer = b.signer;
        this.source = b.source;
        this.plugin = b.plugin;
    }

    /** @return a builder with every field "" and {@code when} 0 (now, at append) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this entry's fields */
    public Builder toBuilder() {
        return new Builder().id(id).when(when).node(node).who(who).action(action).result(result).reason(reason)
                .app(app).version(version).sha256(sha256).signer(signer).source(source).plugin(plugin);
    }

    /** @return the record key in {@value AuditLog#COLLECTION}, "" before it is appended */
    public String id() {
        return id;
    }

    /** @return epoch millis of the operation */
    public long when() {
        return when;
    }

    /** @return the node that wrote the entry */
    public String node() {
        return node;
    }

    /** @return who asked: the authenticated user ({@code shell:alice}), a service, "" for the system itself */
    public String who() {
        return who;
    }

    /** @return what was done: {@value #INSTALL}, {@value #UPGRADE}, ... */
    public String action() {
        return action;
    }

    /** @return {@value #OK}, {@value #REFUSED} or {@value #FAILED} */
    public String result() {
        return result;
    }

    /** @return why it was refused or failed ({@code REASON: message}), "" if it did not */
    public String reason() {
        return reason;
    }

    public String app() {
        return app;
    }

    public String version() {
        return version;
    }

    public String sha256() {
        return sha256;
    }

    public String signer() {
        return signer;
    }

    /** @return where the artifact came from, as requested */
    public String source() {
        return source;
    }

    /** @return the plugin an operator verb was about */
    public String plugin() {
        return plugin;
    }

    /** @return the entry as the string fields of its store record */
    public Map<String, String> toFields() {
        Map<String, String> f = new HashMap<>();
        f.put("when", Long.toString(when));
        f.put("node", node);
        f.put("who", who);
        f.put("action", action);
        f.put("result", result);
        f.put("reason", reason);
        f.put("app", app);
        f.put("version", version);
        f.put("sha256", sha256);
        f.put("signer", signer);
        f.put("source", source);
        f.put("plugin", plugin);
        return f;
    }

    /**
     * @param id the record key
     * @param fields a record's fields (missing ones read as "")
     * @return the entry
     */
    public static AuditEntry fromFields(String id, Map<String, String> fields) {
        String when = fields.getOrDefault("when", "0");
        long millis;
        try {
            millis = Long.parseLong(when);
        } catch (NumberFormatException e) {
            millis = 0;
        }
        return builder().id(id).when(millis).node(get(fields, "node")).who(get(fields, "who"))
                .action(get(fields, "action")).result(get(fields, "result")).reason(get(fields, "reason"))
                .app(get(fields, "app")).version(get(fields, "version")).sha256(get(fields, "sha256"))
                .signer(get(fields, "signer")).source(get(fields, "source")).plugin(get(fields, "plugin")).build();
    }

    private static String get(Map<String, String> fields, String name) {
        return fields.getOrDefault(name, "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditEntry e && when == e.when && id.equals(e.id) && toFields().equals(e.toFields());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, when, action, app);
    }

    @Override
    public String toString() {
        return "AuditEntry[" + id + " " + when + " " + who + " " + action + " " + result + " app=" + app + " "
                + version + (plugin.isEmpty() ? "" : " plugin=" + plugin) + (reason.isEmpty() ? "" : " " + reason) + "]";
    }

    /** Mutable builder; null arguments are stored as "". Not thread-safe. */
    public static final class Builder {
        private String id = "";
        private long when;
        private String node = "";
        private String who = "";
        private String action = "";
        private String result = "";
        private String reason = "";
        private String app = "";
        private String version = "";
        private String sha256 = "";
        private String signer = "";
        private String source = "";
        private String plugin = "";

        private Builder() {
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }

        public Builder id(String v) {
            id = nz(v);
            return this;
        }

        public Builder when(long epochMillis) {
            when = epochMillis;
            return this;
        }

        public Builder node(String v) {
            node = nz(v);
            return this;
        }

        public Builder who(String v) {
            who = nz(v);
            return this;
        }

        public Builder action(String v) {
            action = nz(v);
            return this;
        }

        public Builder result(String v) {
            result = nz(v);
            return this;
        }

        public Builder reason(String v) {
            reason = nz(v);
            return this;
        }

        public Builder app(String v) {
            app = nz(v);
            return this;
        }

        public Builder version(String v) {
            version = nz(v);
            return this;
        }

        public Builder sha256(String v) {
            sha256 = nz(v);
            return this;
        }

        public Builder signer(String v) {
            signer = nz(v);
            return this;
        }

        public Builder source(String v) {
            source = nz(v);
            return this;
        }

        public Builder plugin(String v) {
            plugin = nz(v);
            return this;
        }

        public AuditEntry build() {
            return new AuditEntry(this);
        }
    }
}
