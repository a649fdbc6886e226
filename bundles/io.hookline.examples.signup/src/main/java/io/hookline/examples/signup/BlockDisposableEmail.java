package io.hookline.examples.signup;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.Plugin;
import io.hookline.event.Reply;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Rejects a registration whose email domain is a known throw-away mailbox provider by halting the
 * chain: later plugins (the welcome message) do not run, and the caller gets the state with a
 * {@code "rejected"} entry saying why.
 *
 * <p>Depends on {@code normalize-email}, so it only ever sees trimmed, lower-case addresses; while
 * that plugin is stopped this one is held rather than run on raw input. Critical: a security check
 * fails closed, so while it is held, stopped, failing or skipped (or its dependency failed in the
 * call) every registration call halts with its input instead of signing the address up unchecked.
 * Stateless, hence thread-safe.
 */
@Component(service = EventHandler.class)
@Plugin(event = "user_registered", priority = 20, depends = "normalize-email", name = "block-disposable",
        critical = true)
public class BlockDisposableEmail implements EventHandler<Map<String, Object>> {

    /** A deliberately small list: a real plugin would read it from configuration. */
    static final Set<String> DISPOSABLE_DOMAINS = Set.of("mailinator.com", "tempmail.com", "10minutemail.com");

    @Override
    public Reply<Map<String, Object>> handle(Map<String, Object> state, CallContext context) {
        if (!(state.get("email") instanceof String email)) {
            return Reply.next(state);
        }
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (!DISPOSABLE_DOMAINS.contains(domain)) {
            return Reply.next(state);
        }
        Map<String, Object> rejected = new LinkedHashMap<>(state);
        rejected.put("rejected", "disposable email domain " + domain);
        return Reply.halt(rejected);
    }
}
