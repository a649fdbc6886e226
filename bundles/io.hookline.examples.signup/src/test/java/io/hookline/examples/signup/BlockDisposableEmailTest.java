package io.hookline.examples.signup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.hookline.event.Reply;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

public class BlockDisposableEmailTest {

    private final BlockDisposableEmail plugin = new BlockDisposableEmail();

    private Reply<Map<String, Object>> handle(Map<String, Object> state) {
        return plugin.handle(state, FixedCallContext.of("user_registered", "block-disposable"));
    }

    @Test
    public void haltsOnADisposableDomain() {
        Reply<Map<String, Object>> reply = handle(Map.of("email", "x@mailinator.com"));

        assertTrue(reply.isHalt());
        assertEquals("disposable email domain mailinator.com", reply.value().get("rejected"));
        assertEquals("x@mailinator.com", reply.value().get("email"));
    }

    @Test
    public void haltsOnEveryListedDomain() {
        for (String domain : BlockDisposableEmail.DISPOSABLE_DOMAINS) {
            assertTrue(domain, handle(Map.of("email", "someone@" + domain)).isHalt());
        }
    }

    @Test
    public void comparesTheDomainIgnoringCase() {
        assertTrue(handle(Map.of("email", "x@TempMail.com")).isHalt());
    }

    @Test
    public void letsOtherDomainsThroughUnchanged() {
        Map<String, Object> input = Map.of("email", "alice@example.com");

        Reply<Map<String, Object>> reply = handle(input);

        assertFalse(reply.isHalt());
        assertSame(input, reply.value());
    }

    @Test
    public void neverChangesTheInput() {
        Map<String, Object> input = new HashMap<>(Map.of("email", "x@10minutemail.com"));

        handle(input);

        assertEquals(Map.of("email", "x@10minutemail.com"), input);
    }

    @Test
    public void letsStateWithoutAnEmailThrough() {
        assertFalse(handle(Map.of()).isHalt());
    }
}
