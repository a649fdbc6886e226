package io.hookline.command.internal;

import io.hookline.event.admin.PluginAdmin;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code hook:chain <event>}: the run order of an event and why each plugin is in or out;
 * {@code --dot} prints the chain as Graphviz DOT instead ({@code dot -Tsvg}).
 */
@Service
@Command(scope = "hook", name = "chain", description = "Explains an event's chain: run order, then the plugins left out, each with a reason.")
public class ShowChain implements Action {

    @Reference
    PluginAdmin admin;

    @Argument(index = 0, name = "event", description = "The event", required = true)
    @Completion(EventNameCompleter.class)
    String event;

    @Option(name = "--dot", description = "Print the chain as Graphviz DOT (nodes = plugins by status, edges = depends; dashed: another event)")
    boolean dot;

    @Override
    public Object execute() throws Exception {
        try {
            io.hookline.event.admin.ChainDTO chain = admin.chain(event);
            if (dot) {
                System.out.print(ChainDot.dot(chain, admin.plugins(event), admin::plugin));
                return null;
            }
            System.out.println(PluginTables.contract(chain));
            PluginTables.chain(chain).print(System.out);
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
        return null;
    }
}
