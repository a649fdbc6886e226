package io.hookline.core.internal;

import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/**
 * {@link EngineLog} on an OSGi {@link Logger} that DS obtained from the LoggerFactory for this
 * bundle: the framework's log then attributes every entry to {@code io.hookline.core}, not to the
 * logging API's bundle. Threading: as thread-safe as the logger.
 */
final class OsgiEngineLog implements EngineLog {

    private final Logger logger;

    OsgiEngineLog(Logger logger) {
        this.logger = logger;
    }

    /**
     * @param loggerFactory a {@code org.osgi.service.log.LoggerFactory} service object
     * @param bundle the bundle entries are attributed to
     * @param name the logger name
     */
    static EngineLog of(Object loggerFactory, org.osgi.framework.Bundle bundle, String name) {
        return new OsgiEngineLog(((org.osgi.service.log.LoggerFactory) loggerFactory).getLogger(bundle, name, Logger.class));
    }

    @Override
    public void warn(String message, Throwable cause) {
        if (cause == null) {
            logger.warn(message);
        } else {
            logger.warn(message, cause);
        }
    }

    @Override
    public void error(String message, Throwable cause) {
        if (cause == null) {
            logger.error(message);
        } else {
            logger.error(message, cause);
        }
    }

    @Override
    public void debug(Supplier<String> message) {
        if (logger.isDebugEnabled()) {
            logger.debug(message.get());
        }
    }
}
