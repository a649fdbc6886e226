package io.hookline.command.internal;

import io.hookline.event.Dispatcher;
import io.hookline.event.admin.PluginAdmin;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code hook:call <event> <json-or-text>}: calls an event from the shell and prints the result.
 * A JSON object must be quoted with single quotes, or the shell reads the braces as a closure. On an
 * event no plugin is attached to, says so on stderr and still prints the (unchanged) value; bad JSON
 * prints one line on stderr and calls nothing.
 */
@Service
@Command(scope = "hook", name = "call", description = "Calls an event with a JSON object (quoted: '{\"k\":\"v\"}') or text, and prints the result.")
public class CallEvent implements Action {

    @Reference
    Dispatcher dispatcher;

    @Reference
    PluginAdmin admin;

    @Argument(index = 0, name = "event", description = "The event", required = true)
    @Completion(EventNameCompleter.class)
    String event;

    @Argument(index = 1, name = "input", description = "A JSON object in single quotes, or text (words are joined with one space)",
            required = true, multiValued = true)
    List<String> input;

    @Override
    public Object execute() throws Exception {
        Object state;
        try {
            state = CallInput.convert(String.join(" ", input), event, admin.declaredType(event).orElse(null));
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
        if (!admin.events().contains(event)) {
            System.err.println(CallOutput.noPlugin(event));
        }
        for (String line : CallOutput.lines(dispatcher.call(event, state))) {
            System.out.println(line);
        }
        return null;
    }
}
