package io.hookline.examples.greeting;

import io.hookline.event.CallContext;
import java.util.Map;

/** The context the engine would pass; handlers here only need it to exist. */
record FixedCallContext(String event, String plugin, Map<String, Object> meta) implements CallContext {

    static CallContext of(String event, String plugin) {
        return new FixedCallContext(event, plugin, Map.of());
    }
}
