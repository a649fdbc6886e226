package io.hookline.installer.internal;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/**
 * Install and uninstall need Karaf's admin role when the caller runs as an authenticated JAAS
 * subject. Why: the {@code installer:*} ACL guards the commands, but any shell user can reach the
 * {@code Installer} service itself through Gogo ({@code $.context getService ...}). Callers without
 * a subject (boot replay, the framework's threads, plain OSGi code) are the application and pass.
 * Role principals are recognised by class simple name ({@code RolePrincipal}). Threading: reads the
 * calling thread's access control context.
 */
final class AdminRole {

    static final String ROLE = "admin";

    private AdminRole() {
    }

    @SuppressWarnings("removal") // Karaf 4.4 passes the subject through the access control context
    static void require(String operation) {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject == null) {
            return;
        }
        String user = "the calling subject";
        for (Principal p : subject.getPrincipals()) {
            String kind = p.getClass().getSimpleName();
            if (kind.equals("RolePrincipal") && ROLE.equals(p.getName())) {
                return;
            }
            if (kind.equals("UserPrincipal")) {
                user = "user '" + p.getName() + "'";
            }
        }
        throw new SecurityException(operation + " needs the role '" + ROLE + "'; " + user + " does not have it");
    }
}
