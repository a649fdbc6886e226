package io.hookline.examples.signup;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.Plugin;
import io.hookline.event.Reply;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * First step of {@code user_registered}: trims and lower-cases the {@code "email"} entry, so every
 * later plugin (in this bundle or another) sees one canonical address.
 *
 * <p>Returns a new map and never changes the caller's: the same input may be passed to other
 * calls, and handlers run concurrently. Stateless, hence thread-safe.
 */
@Component(service = EventHandler.class)
@Plugin(event = "user_registered", priority = 10, name = "normalize-email")
public class NormalizeEmail implements EventHandler<Map<String, Object>> {

    @Override
    public Reply<Map<String, Object>> handle(Map<String, Object> state, CallContext context) {
        if (!(state.get("email") instanceof String email)) {
            return Reply.next(state); // nothing to normalize; block-disposable lets it through too
        }
        Map<String, Object> normalized = new LinkedHashMap<>(state);
        normalized.put("email", email.trim().toLowerCase(Locale.ROOT));
        return Reply.next(normalized);
    }
}
