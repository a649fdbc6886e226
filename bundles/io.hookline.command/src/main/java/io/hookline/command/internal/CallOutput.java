package io.hookline.command.internal;

import io.hookline.event.Failure;
import io.hookline.event.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines {@code hook:call} prints for a {@link Result}: the value, then who halted the chain,
 * then one line per isolated failure. Pure and thread-safe.
 */
final class CallOutput {

    private CallOutput() {
    }

    /** @return the stderr line for a call of an event without plugins */
    static String noPlugin(String event) {
        return "no plugin is attached to event '" + event + "'";
    }

    static List<String> lines(Result<?> result) {
        List<String> lines = new ArrayList<>();
        lines.add(CallInput.format(result.value()));
        if (!result.failedFast()) {
            result.haltedBy().ifPresent(plugin -> lines.add("halted by " + plugin));
        }
        for (Failure failure : result.failures()) {
            lines.add("failure: " + failure.plugin()
                    + (failure.bundle().isEmpty() ? "" : " (" + failure.bundle() + ")")
                    + " " + failure.kind() + ": " + failure.message());
        }
        if (result.failedFast()) {
            lines.add(result.halted() ? "call halted by critical plugin " + result.haltedBy().get()
                    + "; value is the original input" : "call stopped at the first failure; value is the original input");
        }
        // after the value (JSON, escaped by its writer): plugin names and messages come from plugins
        for (int i = 1; i < lines.size(); i++) {
            lines.set(i, PluginTables.text(lines.get(i)));
        }
        return lines;
    }
}
