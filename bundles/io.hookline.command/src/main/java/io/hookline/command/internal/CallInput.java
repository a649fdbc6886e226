package io.hookline.command.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Map;

/**
 * Turns the text typed after {@code hook:call <event>} into the state passed to the dispatcher:
 * text starting with <code>{</code> is a JSON object and becomes a {@code Map<String, Object>}
 * (field order kept), anything else is passed as the {@code String} it is.
 *
 * <p>Pure and thread-safe.
 */
final class CallInput {

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private CallInput() {
    }

    /**
     * @param text the argument, as the shell handed it over (quotes already removed)
     * @return a {@code Map<String, Object>} for a JSON object, else {@code text} itself
     * @throws IllegalArgumentException if the text starts with <code>{</code> but is not one JSON
     *     object
     */
    static Object parse(String text) {
        if (!text.strip().startsWith("{")) {
            return text;
        }
        try {
            requireSingleObject(text);
            return JSON.std.mapFrom(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage()
                    + " (quote JSON with single quotes: '{\"email\":\"a@b.c\"}')", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    /**
     * Converts the argument to an event's declared state type, so no plugin sees a value it cannot
     * take: text for {@code String} (and {@code CharSequence}, {@code Object} keep today's rule),
     * a map for {@code Map}, else a JSON object bound to the type's bean properties.
     *
     * @param text the argument
     * @param event the event, for messages
     * @param type the declared type, or null for an undeclared event
     * @throws IllegalArgumentException naming the event and the type if the text does not fit
     */
    static Object convert(String text, String event, Class<?> type) {
        if (type == null || type == Object.class) {
            return parse(text);
        }
        if (type.isAssignableFrom(String.class)) {
            return text;
        }
        Object parsed = parse(text);
        if (type.isInstance(parsed)) {
            return parsed;
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("event '" + event + "' takes a " + type.getName()
                    + ": give a JSON object in single quotes");
        }
        try {
            return JSON.std.with(JSON.Feature.FAIL_ON_UNKNOWN_BEAN_PROPERTY).beanFrom(type, text);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the JSON does not fit event '" + event + "' (declared as "
                    + type.getName() + "): " + e.getMessage(), e);
        }
    }

    /** jackson-jr stops after the first value; make text after it an error rather than ignore it. */
    private static void requireSingleObject(String text) throws IOException {
        try (JsonParser parser = JSON_FACTORY.createParser(text)) {
            parser.nextToken();
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("not a JSON object: unexpected text after the closing '}' at column "
                        + parser.currentTokenLocation().getColumnNr());
            }
        }
    }

    /**
     * @param value a result value
     * @return JSON for maps and lists, the text itself for strings, {@code String.valueOf} else
     */
    static String format(Object value) {
        if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
            try {
                return JSON.std.asString(value);
            } catch (IOException e) {
                return String.valueOf(value); // a value jackson-jr cannot write: still show something
            }
        }
        return String.valueOf(value);
    }
}
