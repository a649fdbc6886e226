package io.hookline.itests.felix;

import io.hookline.event.admin.ChainDTO;
import io.hookline.event.admin.PluginDTO;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads the engine's DTOs the way the assertions compare them. */
final class Chains {

    private Chains() {
    }

    /** @return the plugins in the chain, in run order (the entries with a position) */
    static List<String> running(ChainDTO chain) {
        return chain.entries.stream().filter(e -> e.position > 0).map(e -> e.plugin).toList();
    }

    /** @return the chain's entry for {@code plugin} */
    static ChainDTO.Entry entry(ChainDTO chain, String plugin) {
        return chain.entries.stream().filter(e -> e.plugin.equals(plugin)).findFirst()
                .orElseThrow(() -> new AssertionError(plugin + " is not listed in the chain of " + chain.event
                        + ": " + chain.entries));
    }

    /** @return the plugin names, sorted */
    static Set<String> names(Collection<PluginDTO> plugins) {
        return plugins.stream().map(p -> p.name).collect(Collectors.toCollection(TreeSet::new));
    }
}
