package io.hookline.jmx.internal;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/**
 * Who is calling an MBean: the user principal of the JAAS {@link Subject} the JMX connector runs the
 * request as (Karaf's connector authenticates against the {@code karaf} realm and invokes under that
 * subject). Principals are recognised by class simple name ({@code UserPrincipal}), as the engine's
 * own guard does, so this bundle needs no Karaf import. Threading: reads the calling thread's
 * access control context; call it on the request's thread.
 */
final class JmxCaller {

    /** The user recorded when no authenticated subject is calling (a local, in-process MBean client). */
    static final String UNKNOWN = "unknown";

    private JmxCaller() {
    }

    /** @return {@code jmx:<user>}, for audit entries and install records */
    static String requester() {
        return "jmx:" + user();
    }

    @SuppressWarnings("removal") // the JMX connector passes the subject through the access control context
    static String user() {
        return name(Subject.getSubject(AccessController.getContext()));
    }

    static String name(Subject subject) {
        if (subject == null) {
            return UNKNOWN;
        }
        for (Principal p : subject.getPrincipals()) {
            if (p.getClass().getSimpleName().equals("UserPrincipal")) {
                return p.getName();
            }
        }
        return UNKNOWN;
    }

    /** The role every operation of the Cluster bean needs from an authenticated caller. */
    static final String ADMIN = "admin";

    /**
     * Refuses an authenticated caller without Karaf's {@value #ADMIN} role; a caller without a
     * subject (in-process code) passes, as with the engine's and the installer's own guards.
     *
     * @param operation what the caller asked, for the message
     * @throws SecurityException naming the operation, the role and the user
     */
    @SuppressWarnings("removal") // the JMX connector passes the subject through the access control context
    static void requireAdmin(String operation) {
        requireAdmin(Subject.getSubject(AccessController.getContext()), operation);
    }

    static void requireAdmin(Subject subject, String operation) {
        if (subject == null) {
            return;
        }
        for (Principal p : subject.getPrincipals()) {
            if (p.getClass().getSimpleName().equals("RolePrincipal") && ADMIN.equals(p.getName())) {
                return;
            }
        }
        throw new SecurityException(operation + " needs the role '" + ADMIN + "'; user '" + name(subject)
                + "' does not have it");
    }
}
