package io.hookline.jmx.internal;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/** One MBean per plugin name the engine knows: new names registered, names that left withdrawn, each once. */
public class PluginBeansTest {

    private final List<String> log = new ArrayList<>();
    private final PluginBeans beans = new PluginBeans(name -> {
        log.add("+" + name);
        return () -> log.add("-" + name);
    });

    /** @return what the sync did, as a set (the order within one sync is not specified) */
    private Set<String> sync(String... names) {
        int before = log.size();
        beans.sync(List.of(names));
        return new HashSet<>(log.subList(before, log.size()));
    }

    @Test
    public void syncRegistersNewNamesAndWithdrawsThoseThatLeft() {
        assertEquals(Set.of("+a", "+b"), sync("a", "b"));
        assertEquals("a duplicate registration of c gets one bean", Set.of("-a", "+c"), sync("b", "c", "c"));
        assertEquals("nothing changed, nothing done", Set.of(), sync("b", "c"));
        assertEquals(Set.of("b", "c"), beans.names());
        assertEquals("a registration without a name gets none", Set.of(), sync("b", "c", ""));

        beans.close();
        assertEquals(Set.of(), beans.names());
        assertEquals(Set.of("-b", "-c"), new HashSet<>(log.subList(log.size() - 2, log.size())));
        assertEquals("nothing is registered after close", Set.of(), sync("d"));
    }
}
