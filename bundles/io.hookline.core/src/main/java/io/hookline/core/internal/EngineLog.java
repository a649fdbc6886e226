package io.hookline.core.internal;

import java.util.function.Supplier;

/**
 * Where the engine's warnings go: the OSGi Log Service logger DS injects for this bundle (Karaf
 * routes it per bundle, so entries name {@code io.hookline.core}), or {@link System.Logger} when
 * the engine runs without a framework (unit tests, benchmarks) or no log service is present.
 * Threading: implementations are thread-safe; {@link #debug} builds its message only when enabled.
 */
interface EngineLog {

    void warn(String message, Throwable cause);

    void error(String message, Throwable cause);

    void debug(Supplier<String> message);

    /** @return a log on {@link System.Logger} named {@code name} */
    static EngineLog system(String name) {
        System.Logger log = System.getLogger(name);
        return new EngineLog() {
            @Override
            public void warn(String message, Throwable cause) {
                log.log(System.Logger.Level.WARNING, message, cause);
            }

            @Override
            public void error(String message, Throwable cause) {
                log.log(System.Logger.Level.ERROR, message, cause);
            }

            @Override
            public void debug(Supplier<String> message) {
                log.log(System.Logger.Level.DEBUG, message);
            }
        };
    }
}
