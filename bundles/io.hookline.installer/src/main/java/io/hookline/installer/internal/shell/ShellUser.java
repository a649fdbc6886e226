package io.hookline.installer.internal.shell;

import java.security.AccessController;
import java.util.Iterator;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * Who is running a shell command: the {@link UserPrincipal} of the JAAS {@link Subject} Karaf runs
 * the session's commands as (the one its login module authenticated, local console included). Why
 * not the session's {@code USER} variable: any user can set it ({@code USER = admin}), so it cannot
 * name the requester in records and the audit log. Threading: reads the calling thread's access
 * control context; call it on the command's thread.
 */
public final class ShellUser {

    /** Recorded when the command runs without an authenticated subject (a script run by the framework). */
    public static final String UNKNOWN = "unknown";

    private ShellUser() {
    }

    /** @return {@code shell:<user>} for the current command, {@code shell:unknown} without a subject */
    @SuppressWarnings("removal") // Karaf 4.4 itself passes the subject this way (JaasHelper.doAs)
    public static String requester() {
        return "shell:" + name(Subject.getSubject(AccessController.getContext()));
    }

    /**
     * @param subject the authenticated subject, or null
     * @return its user principal's name, {@value #UNKNOWN} if there is none
     */
    public static String name(Subject subject) {
        if (subject == null) {
            return UNKNOWN;
        }
        Iterator<UserPrincipal> users = subject.getPrincipals(UserPrincipal.class).iterator();
        return users.hasNext() ? users.next().getName() : UNKNOWN;
    }
}
