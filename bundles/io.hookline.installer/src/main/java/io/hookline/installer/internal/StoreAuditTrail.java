package io.hookline.installer.internal;

import io.hookline.installer.internal.txn.AuditTrail;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import java.util.function.Supplier;

/**
 * The installer's {@link AuditTrail} written to the store's {@link AuditLog}: one
 * {@link AuditEntry} per operation. Why swallow failures: the audit write comes after the
 * operation's outcome is settled (committed, rolled back or refused); failing the caller then would
 * report a wrong outcome, so a failed write is logged at ERROR with the entry. Threading: the log is
 * re-read per write (an optional dynamic service).
 */
final class StoreAuditTrail implements AuditTrail {

    private static final System.Logger LOG = System.getLogger(StoreAuditTrail.class.getName());

    private final Supplier<AuditLog> log;

    StoreAuditTrail(Supplier<AuditLog> log) {
        this.log = log;
    }

    @Override
    public void write(Entry e) {
        AuditLog target = log.get();
        if (target == null) {
            return;
        }
        AuditEntry entry = AuditEntry.builder().who(e.who()).action(e.action()).result(e.result()).reason(e.reason())
                .app(e.app()).version(e.version()).sha256(e.sha256()).signer(e.signer()).source(e.source()).build();
        try {
            target.append(entry);
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.ERROR, "cannot write the audit entry " + entry, failure);
        }
    }
}
