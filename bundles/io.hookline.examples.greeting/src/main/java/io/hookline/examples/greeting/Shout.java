package io.hookline.examples.greeting;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.Plugin;
import io.hookline.event.Reply;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;

/**
 * Upper-cases a {@code chat_message}: the smallest possible plugin, on an event whose state is a
 * plain {@code String}. Strings are immutable, so returning a new one is all it takes.
 */
@Component(service = EventHandler.class)
@Plugin(event = "chat_message", priority = 50, name = "shout")
public class Shout implements EventHandler<String> {

    @Override
    public Reply<String> handle(String text, CallContext context) {
        return Reply.next(text == null ? null : text.toUpperCase(Locale.ROOT));
    }
}
