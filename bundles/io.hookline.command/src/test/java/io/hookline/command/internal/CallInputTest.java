package io.hookline.command.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CallInputTest {

    @Test
    public void textIsPassedAsIs() {
        assertEquals("hello world", CallInput.parse("hello world"));
    }

    @Test
    public void textThatMerelyContainsABraceIsText() {
        assertEquals("a {b}", CallInput.parse("a {b}"));
    }

    @Test
    public void aJsonObjectBecomesAMapInFieldOrder() {
        Object state = CallInput.parse("{\"email\":\" Alice@Example.COM \",\"age\":42,\"tags\":[\"a\"],\"vip\":true}");

        assertEquals(Map.of("email", " Alice@Example.COM ", "age", 42, "tags", List.of("a"), "vip", true), state);
        assertEquals(List.of("email", "age", "tags", "vip"), List.copyOf(((Map<?, ?>) state).keySet()));
    }

    @Test
    public void leadingWhitespaceBeforeTheBraceStillMeansJson() {
        assertEquals(Map.of("a", 1), CallInput.parse("  {\"a\":1}"));
    }

    @Test
    public void brokenJsonIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CallInput.parse("{email: x}"));

        assertTrue(e.getMessage(), e.getMessage().startsWith("not a JSON object: "));
    }

    @Test
    public void textAfterTheObjectIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CallInput.parse("{\"a\":1} {\"b\":2}"));

        assertTrue(e.getMessage(), e.getMessage().contains("after the closing '}'"));
    }

    @Test
    public void mapsAreFormattedAsJson() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("email", "alice@example.com");
        map.put("n", 1);

        assertEquals("{\"email\":\"alice@example.com\",\"n\":1}", CallInput.format(map));
    }

    @Test
    public void stringsAreFormattedPlain() {
        assertEquals("HELLO", CallInput.format("HELLO"));
        assertEquals("null", CallInput.format(null));
        assertEquals("42", CallInput.format(42));
    }
}
