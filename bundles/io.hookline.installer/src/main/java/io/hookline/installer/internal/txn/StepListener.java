package io.hookline.installer.internal.txn;

/** Receives every {@link Step} of the crash protocol, on the operating thread; tests stop the "process" there. */
@FunctionalInterface
public interface StepListener {

    /** Ignores every step. */
    StepListener NONE = (app, step) -> { };

    /**
     * @param app the app
     * @param step the step just reached
     */
    void reached(String app, Step step);
}
