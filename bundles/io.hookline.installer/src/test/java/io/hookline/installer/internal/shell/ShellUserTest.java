package io.hookline.installer.internal.shell;

import static org.junit.Assert.assertEquals;

import java.security.PrivilegedAction;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.Test;

/** The requester is the JAAS subject's user, as Karaf runs a session's commands, not a session variable. */
public class ShellUserTest {

    @Test
    @SuppressWarnings("removal")
    public void requesterIsTheAuthenticatedUser() {
        Subject alice = new Subject(true, Set.of(new UserPrincipal("alice"), new RolePrincipal("viewer")), Set.of(),
                Set.of());
        String seen = Subject.doAs(alice, (PrivilegedAction<String>) ShellUser::requester);
        assertEquals("shell:alice", seen);
    }

    @Test
    public void withoutSubjectTheRequesterIsUnknown() {
        assertEquals("shell:unknown", ShellUser.requester());
        assertEquals("unknown", ShellUser.name(new Subject(true, Set.of(new RolePrincipal("admin")), Set.of(), Set.of())));
    }
}
