package io.hookline.command.internal;

import static org.junit.Assert.assertEquals;

import io.hookline.event.Failure;
import io.hookline.event.Result;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CallOutputTest {

    @Test
    public void aPlainResultIsItsValue() {
        assertEquals(List.of("HELLO"), CallOutput.lines(Result.of("HELLO", null)));
    }

    @Test
    public void aHaltedResultSaysByWhom() {
        Result<Map<String, Object>> result = Result.of(Map.of("rejected", "disposable email domain mailinator.com"),
                "block-disposable");

        assertEquals(List.of("{\"rejected\":\"disposable email domain mailinator.com\"}", "halted by block-disposable"),
                CallOutput.lines(result));
    }

    @Test
    public void eachFailureHasALine() {
        Failure threw = new Failure("chat_message", "shout", "io.hookline.examples.greeting", Failure.Kind.THREW,
                "boom", new IllegalStateException("boom"));
        Failure nullReply = new Failure("chat_message", "other", "", Failure.Kind.NULL_REPLY, "returned null", null);

        List<String> lines = CallOutput.lines(Result.of("hi", null, List.of(threw, nullReply), null, false));

        assertEquals(List.of("hi",
                "failure: shout (io.hookline.examples.greeting) THREW: boom",
                "failure: other NULL_REPLY: returned null"), lines);
    }

    @Test
    public void aFailFastStopIsExplained() {
        Failure threw = new Failure("e", "p", "b", Failure.Kind.THREW, "boom", null);

        List<String> lines = CallOutput.lines(Result.of("in", null, List.of(threw), null, true));

        assertEquals(3, lines.size());
        assertEquals("call stopped at the first failure; value is the original input", lines.get(2));
    }

    @Test
    public void aFailureMessageCannotDriveTheTerminal() {
        Failure threw = new Failure("e", "p", "b", Failure.Kind.THREW, "boom\n\u001b[1Aall fine", null);

        List<String> lines = CallOutput.lines(Result.of("in", null, List.of(threw), null, false));

        assertEquals(List.of("in", "failure: p (b) THREW: boom\\u000a\\u001b[1Aall fine"), lines);
    }
}
