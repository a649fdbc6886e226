package io.hookline.command.internal;

/**
 * How a {@code hook:*} command reports what the user got wrong (bad JSON, an unknown name, a verb
 * the engine refused): one line on stderr, no stack trace, nothing logged as an error. Karaf's
 * shell would log any exception an action throws at ERROR with its stack trace.
 */
final class UserError {

    private UserError() {
    }

    static void print(RuntimeException e) {
        System.err.println("Error: " + e.getMessage());
    }
}
