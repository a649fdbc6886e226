package io.hookline.examples.greeting;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;

import io.hookline.event.Reply;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

public class WelcomeMessageTest {

    private final WelcomeMessage plugin = new WelcomeMessage();

    private Reply<Map<String, Object>> handle(Map<String, Object> state) {
        return plugin.handle(state, FixedCallContext.of("user_registered", "welcome-message"));
    }

    @Test
    public void addsAWelcomeLine() {
        Reply<Map<String, Object>> reply = handle(Map.of("email", "alice@example.com"));

        assertFalse(reply.isHalt());
        assertEquals(Map.of("email", "alice@example.com", "welcome", "Welcome, alice@example.com!"), reply.value());
    }

    @Test
    public void neverChangesTheInput() {
        Map<String, Object> input = new HashMap<>(Map.of("email", "bob@example.com"));

        handle(input);

        assertEquals(Map.of("email", "bob@example.com"), input);
    }

    @Test
    public void passesStateWithoutAnEmailThrough() {
        Map<String, Object> input = Map.of("name", "Carol");

        assertSame(input, handle(input).value());
    }
}
