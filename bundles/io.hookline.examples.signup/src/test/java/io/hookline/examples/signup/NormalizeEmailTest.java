package io.hookline.examples.signup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;

import io.hookline.event.Reply;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

public class NormalizeEmailTest {

    private final NormalizeEmail plugin = new NormalizeEmail();

    private Reply<Map<String, Object>> handle(Map<String, Object> state) {
        return plugin.handle(state, FixedCallContext.of("user_registered", "normalize-email"));
    }

    @Test
    public void trimsAndLowerCasesTheEmail() {
        Reply<Map<String, Object>> reply = handle(Map.of("email", "  Alice@Example.COM ", "name", "Alice"));

        assertFalse(reply.isHalt());
        assertEquals(Map.of("email", "alice@example.com", "name", "Alice"), reply.value());
    }

    @Test
    public void returnsANewMapAndLeavesTheInputAlone() {
        Map<String, Object> input = new HashMap<>(Map.of("email", " Bob@X.org"));

        Reply<Map<String, Object>> reply = handle(input);

        assertNotSame(input, reply.value());
        assertEquals(" Bob@X.org", input.get("email"));
        assertEquals("bob@x.org", reply.value().get("email"));
    }

    @Test
    public void passesStateWithoutAnEmailThrough() {
        Map<String, Object> input = Map.of("name", "Carol");

        Reply<Map<String, Object>> reply = handle(input);

        assertFalse(reply.isHalt());
        assertSame(input, reply.value());
    }

    @Test
    public void passesANonStringEmailThrough() {
        Map<String, Object> input = Map.of("email", 42);

        assertSame(input, handle(input).value());
    }
}
