package io.hookline.core.internal;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/**
 * Refuses a state-changing operator verb to an authenticated caller without the admin role. Why:
 * Karaf's command ACLs guard {@code hook:*} commands, but any shell user can reach the
 * {@code PluginAdmin} service itself (Gogo's {@code $.context getService ...}) and a JMX or web
 * caller may reach it by other paths; an operator's stop must not be undone by a viewer that way.
 * The rule: when the calling thread runs as a JAAS {@link Subject} (Karaf runs shell commands, JMX
 * operations and console requests under the authenticated subject), that subject must carry a role
 * principal named {@value #ADMIN_ROLE}; without a subject (the framework's own threads, plain OSGi
 * callers) the call is the application's own and passes. Role principals are recognised by their
 * class's simple name ({@code RolePrincipal}, as Karaf's JAAS modules create them) so core needs no
 * Karaf import. Threading: reads the calling thread's access control context only.
 */
final class OperatorGuard {

    /** The role a subject needs for a state-changing verb (Karaf's admin role, as in the shipped ACLs). */
    static final String ADMIN_ROLE = "admin";

    private OperatorGuard() {
    }

    /**
     * @param verb the verb, for the message
     * @throws SecurityException if the caller is an authenticated subject without {@value #ADMIN_ROLE}
     */
    @SuppressWarnings("removal") // Karaf 4.4 passes the subject through the access control context
    static void check(String verb) {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null && !isAdmin(subject)) {
            throw new SecurityException("'" + verb + "' needs the role '" + ADMIN_ROLE + "'; " + who(subject)
                    + " does not have it");
        }
    }

    static boolean isAdmin(Subject subject) {
        for (Principal p : subject.getPrincipals()) {
            if (p.getClass().getSimpleName().equals("RolePrincipal") && ADMIN_ROLE.equals(p.getName())) {
                return true;
            }
        }
        return false;
    }

    private static String who(Subject subject) {
        for (Principal p : subject.getPrincipals()) {
            if (p.getClass().getSimpleName().equals("UserPrincipal")) {
                return "user '" + p.getName() + "'";
            }
        }
        return "the calling subject";
    }
}
