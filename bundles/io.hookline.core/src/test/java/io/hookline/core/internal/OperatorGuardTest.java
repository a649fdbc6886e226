package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.hookline.event.admin.PluginStatus;
import io.hookline.store.internal.MvRecordStore;
import java.security.Principal;
import java.security.PrivilegedAction;
import java.time.Duration;
import java.util.Set;
import javax.security.auth.Subject;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A viewer cannot undo an operator's stop by calling {@code PluginAdmin} itself (Gogo's
 * {@code $.context getService ...} bypasses the command ACL): state-changing verbs need the admin
 * role when the caller is an authenticated subject. Found by the attack review of issue 6 item 2.
 */
public class OperatorGuardTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Named as Karaf's JAAS principals are: the guard matches the simple class name. */
    static final class RolePrincipal implements Principal {
        private final String name;

        RolePrincipal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }

    static final class UserPrincipal implements Principal {
        private final String name;

        UserPrincipal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }

    private static Subject subject(String user, String... roles) {
        Subject s = new Subject();
        s.getPrincipals().add(new UserPrincipal(user));
        for (String r : roles) {
            s.getPrincipals().add(new RolePrincipal(r));
        }
        return s;
    }

    @SuppressWarnings("removal")
    private static <T> T as(Subject s, PrivilegedAction<T> action) {
        return Subject.doAs(s, action);
    }

    @Test
    public void aViewerSubjectCannotChangeAnyStatusAndNothingChanges() throws Exception {
        try (MvRecordStore mv = MvRecordStore.open(tmp.newFolder().toPath().resolve("s.mv.db"), false)) {
            HooklineEngine engine = new HooklineEngine(mv, new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(300)));
            engine.register(1, TestEngine.props("p", "e"), "b", 1, () -> append("p"));
            assertEquals(PluginStatus.STOPPED, as(subject("karaf", "admin", "viewer"), () -> engine.stop("p")).status);

            Subject viewer = subject("eve", "viewer");
            for (Runnable verb : new Runnable[] {() -> engine.enable("p"), () -> engine.start("p"), () -> engine.restart("p"),
                    () -> engine.unregister("p"), () -> engine.enableAll(), () -> engine.enableEvent("e"),
                    () -> engine.stopAll(), () -> engine.unregisterEvent("e")}) {
                SecurityException e = assertThrows(SecurityException.class, () -> as(viewer, () -> {
                    verb.run();
                    return null;
                }));
                assertTrue(e.getMessage(), e.getMessage().contains("'admin'") && e.getMessage().contains("'eve'"));
            }
            assertEquals(PluginStatus.STOPPED, engine.plugin("p").orElseThrow().status);
            assertEquals("the stop holds", "x", engine.call("e", "x").value());

            // the framework's own threads (no subject) and admins still work
            assertEquals(PluginStatus.STARTED, engine.enable("p").status);
            engine.close();
        }
    }
}
