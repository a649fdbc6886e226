package io.hookline.examples.greeting;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import io.hookline.event.Reply;
import java.util.Locale;
import org.junit.Test;

public class ShoutTest {

    private final Shout plugin = new Shout();

    private Reply<String> handle(String text) {
        return plugin.handle(text, FixedCallContext.of("chat_message", "shout"));
    }

    @Test
    public void upperCasesTheText() {
        Reply<String> reply = handle("hello, world");

        assertFalse(reply.isHalt());
        assertEquals("HELLO, WORLD", reply.value());
    }

    @Test
    public void ignoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "i".toUpperCase() is a dotted capital I
        try {
            assertEquals("TITLE", handle("title").value());
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    public void passesNullThrough() {
        assertNull(handle(null).value());
    }
}
