package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.event.EventHandle;
import io.hookline.event.Result;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Calls never fail nor see a half-built chain while plugins come and go. */
public class ConcurrentChurnTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void fourCallersSeeWholeChainsDuringTenThousandRegistrations() throws Exception {
        try (TestEngine t = new TestEngine(tmp.newFolder().toPath())) {
            t.plugin("a", "e", 10, List.of(), append("a"));
            t.plugin("c", "e", 30, List.of(), append("c"));
            EventHandle<String> handle = t.engine.event("e", String.class);
            // b (priority 20) depends on a: it comes and goes; a chain is "ac" or "abc", never anything else
            Set<String> whole = Set.of("ac", "abc");
            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            AtomicLong calls = new AtomicLong();
            Thread[] callers = new Thread[4];
            for (int i = 0; i < callers.length; i++) {
                final boolean viaHandle = i % 2 == 0;
                callers[i] = new Thread(() -> {
                    while (!done.get()) {
                        Result<String> r = viaHandle ? handle.call("") : t.engine.call("e", "");
                        calls.incrementAndGet();
                        if (r.failed() || !whole.contains(r.value())) {
                            problems.add(r.toString());
                        }
                    }
                });
                callers[i].start();
            }
            for (int i = 0; i < 10_000; i++) {
                long id = t.plugin("b", "e", 20, List.of("a"), append("b"));
                t.engine.unregister(id);
            }
            done.set(true);
            for (Thread c : callers) {
                c.join(30_000);
                assertTrue("caller did not finish", !c.isAlive());
            }
            assertEquals("bad results: " + problems.stream().limit(5).toList(), 0, problems.size());
            assertTrue("callers made progress: " + calls.get(), calls.get() > 1_000);
            assertEquals("ac", handle.call("").value());
        }
    }
}
