package io.hookline.event;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only facts about the current call, given to each handler beside the state.
 *
 * <p>Implemented by the engine; the same instance may be shared by many concurrent calls, so
 * handlers must not keep it beyond {@link EventHandler#handle}.
 */
@ProviderType
public interface CallContext {

    /** @return the event being called */
    String event();

    /** @return the name of the plugin being called */
    String plugin();

    /**
     * @return the caller's read-only meta data ({@link CallOptions#meta(Map)}), empty if none;
     *     never merged into the result
     */
    Map<String, Object> meta();
}
