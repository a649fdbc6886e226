package io.hookline.examples.greeting;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.Plugin;
import io.hookline.event.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Adds a {@code "welcome"} line to a {@code user_registered} state.
 *
 * <p>Shows a dependency across bundles: it names {@code normalize-email}, a plugin of
 * {@code io.hookline.examples.signup}, so the engine runs it after that plugin and holds it while
 * that plugin is missing or stopped. Returns a new map; stateless, hence thread-safe.
 */
@Component(service = EventHandler.class)
@Plugin(event = "user_registered", priority = 50, depends = "normalize-email", name = "welcome-message")
public class WelcomeMessage implements EventHandler<Map<String, Object>> {

    @Override
    public Reply<Map<String, Object>> handle(Map<String, Object> state, CallContext context) {
        if (!(state.get("email") instanceof String email)) {
            return Reply.next(state);
        }
        Map<String, Object> welcomed = new LinkedHashMap<>(state);
        welcomed.put("welcome", "Welcome, " + email + "!");
        return Reply.next(welcomed);
    }
}
