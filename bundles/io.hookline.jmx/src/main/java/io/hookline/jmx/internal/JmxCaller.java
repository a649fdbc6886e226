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
}
