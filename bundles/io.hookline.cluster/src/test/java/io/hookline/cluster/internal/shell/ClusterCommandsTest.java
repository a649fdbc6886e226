package io.hookline.cluster.internal.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.junit.Test;

/**
 * Karaf's shell extender registers a bundle's commands only once every mandatory {@code @Reference}
 * of every one of them is satisfied: with a mandatory {@code ClusterRuntime}, a node whose cluster
 * refused to start (no keystore yet) had no {@code hcluster:*} command at all, {@code keygen}
 * included, the one it needs (seen in the distribution: "Command not found: hcluster:keygen").
 */
public class ClusterCommandsTest {

    private static final List<Class<?>> SHELL = List.of(ClusterForget.class, ClusterKeygen.class, ClusterMembers.class,
            ClusterOverrides.class, ClusterStatus.class, ClusterSync.class, MissingMemberCompleter.class);

    @Test
    public void noCommandOfTheBundleHasAMandatoryReferenceSoKeygenIsThereBeforeTheClusterRuns() {
        List<String> mandatory = new ArrayList<>();
        for (Class<?> type : SHELL) {
            for (Field f : type.getDeclaredFields()) {
                Reference r = f.getAnnotation(Reference.class);
                if (r != null && !r.optional()) {
                    mandatory.add(type.getSimpleName() + "." + f.getName());
                }
            }
        }
        assertEquals("mandatory @Reference fields in the hcluster scope", List.of(), mandatory);
    }

    @Test
    public void aCommandWithoutARunningClusterSaysSoAndWhy() {
        for (Action action : List.<Action>of(new ClusterMembers(), new ClusterStatus(), new ClusterOverrides(),
                new ClusterSync(), forget())) {
            IllegalStateException e = assertThrows(action.getClass().getSimpleName(), IllegalStateException.class,
                    action::execute);
            assertTrue(e.getMessage(), e.getMessage().startsWith("the cluster is not running on this node"));
            assertTrue(e.getMessage(), e.getMessage().contains("hcluster:keygen"));
        }
    }

    @Test
    public void theMissingMemberCompleterOffersNothingWithoutACluster() {
        List<String> candidates = new ArrayList<>();
        new MissingMemberCompleter().complete(null, null, candidates);
        assertEquals(List.of(), candidates);
    }

    private static ClusterForget forget() {
        ClusterForget f = new ClusterForget();
        f.member = "C";
        return f;
    }
}
