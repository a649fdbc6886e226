package io.hookline.store.internal;

import io.hookline.store.RecordStore;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import io.hookline.store.audit.AuditQuery;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes the {@link AuditLog} service over the node's {@link RecordStore}, bounded by its
 * configuration: a {@link RecordAuditLog} built from the typed config, every call delegated. No
 * {@code @Modified}: new bounds re-activate it, which trims to them at once. Threading: as
 * {@link RecordAuditLog}.
 */
@Component(name = AuditLog.PID, configurationPid = AuditLog.PID, service = AuditLog.class)
@Designate(ocd = AuditLogComponent.Config.class)
public final class AuditLogComponent implements AuditLog {

    @ObjectClassDefinition(name = "Hookline audit log",
            description = "Bounds of the durable audit trail (installs, upgrades, uninstalls, refusals, replays,"
                    + " operator verbs on plugins). Trimming drops the oldest entries, never the newest.")
    @interface Config {

        @AttributeDefinition(name = "Maximum entries", description = "Most entries kept (at least 1); the oldest"
                + " beyond it are deleted.")
        int max_entries() default 100_000;

        @AttributeDefinition(name = "Maximum age (days)", description = "Entries older than this many days are"
                + " deleted (the newest entry always stays). 0 keeps entries until the count bound drops them.")
        int max_age_days() default 365;
    }

    private final RecordAuditLog log;

    /**
     * @param store the node's record store
     * @param config the bounds
     */
    @Activate
    public AuditLogComponent(@Reference RecordStore store, Config config) {
        this.log = new RecordAuditLog(store, config.max_entries(), Duration.ofDays(Math.max(0, config.max_age_days())),
                System::currentTimeMillis);
    }

    @Override
    public AuditEntry append(AuditEntry entry) {
        return log.append(entry);
    }

    @Override
    public List<AuditEntry> entries(AuditQuery query) {
        return log.entries(query);
    }
}
