package io.hookline.installer.internal.txn;

/**
 * Where the transaction roles write down every install, upgrade, uninstall, refusal and replay:
 * the installer component adapts it to the store's {@code io.hookline.store.audit.AuditLog}.
 * {@link #NONE} when no audit log is there. Implementations must not throw (an audit failure is
 * logged, the operation's outcome stands). Threading: called on the operating thread.
 */
@FunctionalInterface
public interface AuditTrail {

    /** Writes nothing. */
    AuditTrail NONE = entry -> { };

    /**
     * One operation's outcome.
     *
     * @param who the authenticated requester ("" for the installer's own boot replay)
     * @param action {@code install}, {@code upgrade}, {@code uninstall}, {@code replay}
     * @param result {@code ok}, {@code refused} (nothing was changed) or {@code failed} (rolled back / isolated)
     * @param app the app, "" if not known
     * @param version its version, "" if not known
     * @param sha256 the artifact's sha256, "" if not known
     * @param signer the artifact's signer, "" if unsigned or not known
     * @param source the source as requested
     * @param reason {@code REASON: message} of a refusal or failure, else ""
     */
    record Entry(String who, String action, String result, String app, String version, String sha256,
            String signer, String source, String reason) {
    }

    void write(Entry entry);
}
