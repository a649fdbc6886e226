package io.hookline.command.internal;

import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import java.security.AccessController;
import java.util.Iterator;
import javax.security.auth.Subject;

/**
 * Writes one audit entry per operator verb ({@code hook:stop}, {@code enable}, ...): who (the JAAS
 * subject's user, never the session's {@code USER} variable, which any user can set), the verb as
 * action {@code plugin.<verb>}, the target and the outcome. Why here: every shell verb passes
 * through {@link PluginVerb}, so one place records them all, refusals included. An audit failure
 * never changes the verb's outcome (the verb's own record is already durable): it is reported on
 * stderr. Threading: call on the command's thread (it reads that thread's access control context).
 */
final class OperatorAudit {

    /** Recorded when a verb runs without an authenticated subject. */
    static final String UNKNOWN = "unknown";

    private OperatorAudit() {
    }

    /**
     * @param log the audit log, or null (then nothing is written)
     * @param verb the verb ({@code stop}, ...)
     * @param target the plugin name, {@code event:<name>} or {@code *}
     * @param result {@link AuditEntry#OK}, {@link AuditEntry#REFUSED} or {@link AuditEntry#FAILED}
     * @param reason why it was refused or failed, "" on success
     */
    static void record(AuditLog log, String verb, String target, String result, String reason) {
        if (log == null) {
            return;
        }
        try {
            log.append(AuditEntry.builder().who("shell:" + user()).action("plugin." + verb).plugin(target)
                    .result(result).reason(reason == null ? "" : reason).build());
        } catch (RuntimeException e) {
            System.err.println("hook:" + verb + " " + target + " was done, but its audit entry could not be written: "
                    + e.getMessage());
        }
    }

    @SuppressWarnings("removal") // Karaf 4.4 runs shell commands under Subject.doAs (JaasHelper)
    static String user() {
        return name(Subject.getSubject(AccessController.getContext()));
    }

    static String name(Subject subject) {
        if (subject == null) {
            return UNKNOWN;
        }
        try {
            Iterator<org.apache.karaf.jaas.boot.principal.UserPrincipal> users =
                    subject.getPrincipals(org.apache.karaf.jaas.boot.principal.UserPrincipal.class).iterator();
            return users.hasNext() ? users.next().getName() : UNKNOWN;
        } catch (NoClassDefFoundError e) { // no Karaf JAAS in this framework
            return UNKNOWN;
        }
    }
}
