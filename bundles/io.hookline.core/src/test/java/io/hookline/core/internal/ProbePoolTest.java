package io.hookline.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.Health;
import io.hookline.event.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Hung health probes do not pile up threads; all events are probed within one timeout (item 8). */
public class ProbePoolTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine t;
    private final AtomicBoolean released = new AtomicBoolean();

    @Before
    public void open() throws Exception {
        t = new TestEngine(tmp.newFolder().toPath(), new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(200)));
    }

    @After
    public void close() {
        released.set(true);
        t.close();
    }

    /** A probe that ignores interrupts until the test ends. */
    private EventHandler<String> hung() {
        return new EventHandler<>() {
            @Override
            public Reply<String> handle(String state, CallContext context) {
                return Reply.next(state);
            }

            @Override
            public Health health() {
                while (!released.get()) {
                    LockSupport.parkNanos(5_000_000L);
                }
                return Health.ok();
            }
        };
    }

    private static long healthThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.isAlive() && th.getName().startsWith("hookline-health-")).count();
    }

    @Test
    public void aProbeStillRunningIsReportedWithoutANewThread() {
        t.plugin("stuck", "e", 10, List.of(), hung());
        long before = healthThreads();
        assertEquals("timeout", t.engine.health("e").plugins.get(0).message);
        for (int i = 0; i < 5; i++) {
            EventHealthDTO h = t.engine.health("e");
            assertEquals(Health.Status.DOWN, h.status);
            assertTrue(h.plugins.get(0).message, h.plugins.get(0).message.startsWith("probe still running"));
        }
        assertTrue("one hung thread at most, was " + (healthThreads() - before), healthThreads() - before <= 1);
    }

    @Test
    public void allEventsAreProbedInParallelWithinOneTimeout() {
        for (int i = 0; i < 4; i++) {
            t.plugin("stuck" + i, "e" + i, 10, List.of(), hung());
        }
        long start = System.nanoTime();
        List<EventHealthDTO> all = t.engine.health();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(4, all.size());
        assertTrue("4 events x 200 ms probed in " + tookMillis + " ms", tookMillis < 700);
    }

    @Test
    public void anOperatorStopIsNotAnOutage() {
        t.plugin("a", "e", 10, List.of(), TestEngine.append("a"));
        t.plugin("b", "e", 20, List.of(), TestEngine.append("b"));
        t.engine.stop("a");
        EventHealthDTO h = t.engine.health("e");
        assertEquals(Health.Status.DEGRADED, h.status);
        assertEquals("stopped by operator", h.plugins.get(0).message);
    }
}
