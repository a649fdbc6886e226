package io.hookline.command.internal;

import org.apache.karaf.shell.support.CommandException;

/**
 * How a {@code hook:*} command reports what the user got wrong (bad JSON, an unknown name, a verb
 * the engine refused): as Karaf's {@link CommandException}, which the shell prints as one line on
 * the session's console and logs at DEBUG only. Any other exception an action throws is logged at
 * ERROR with its stack trace.
 */
final class UserError {

    private UserError() {
    }

    /** @return the exception to throw from {@code execute()}: prints "Error: " and the message */
    static CommandException of(RuntimeException e) {
        // engine messages carry plugin names and reasons, which a plugin chooses
        String line = "Error: " + PluginTables.text(e.getMessage());
        return new CommandException(line, e.getMessage(), e);
    }
}
