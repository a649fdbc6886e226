package io.hookline.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class ReplicationFilterTest {

    @Test
    public void globsMatchCollectionSlashKey() {
        ReplicationFilter f = new ReplicationFilter(List.of("plugins", "installs"), List.of("plugins/debug-*", "installs/*-local", " "));
        assertTrue(f.replicates("plugins", "signup"));
        assertFalse(f.replicates("plugins", "debug-x"));
        assertFalse(f.replicates("installs", "app-local"));
        assertTrue(f.replicates("installs", "app-local2"));
        assertFalse("not a replicated collection", f.replicates("audit", "x"));
        assertEquals(List.of("plugins/debug-*", "installs/*-local"), f.localOnly());
        assertTrue(new ReplicationFilter(List.of("c"), List.of("c/a.b")).replicates("c", "axb"));
    }

    @Test
    public void aPatternWithoutCollectionIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReplicationFilter(List.of("plugins"), List.of("debug-*")));
        assertTrue(e.getMessage(), e.getMessage().contains("local.only") && e.getMessage().contains("debug-*"));
    }
}
