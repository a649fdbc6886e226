package io.hookline.core.internal;

import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.Health;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HealthTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine t;
    private final CountDownLatch release = new CountDownLatch(1);

    @Before
    public void open() throws Exception {
        t = new TestEngine(tmp.newFolder().toPath(),
                new EngineSettings(5, Duration.ofSeconds(30), Duration.ofMillis(300)));
    }

    @After
    public void close() {
        release.countDown();
        t.close();
    }

    private static EventHandler<String> probed(Supplier<Health> probe) {
        return new EventHandler<>() {
            @Override
            public Reply<String> handle(String state, CallContext context) {
                return Reply.next(state + context.plugin().charAt(0));
            }

            @Override
            public Health health() {
                return probe.get();
            }
        };
    }

    private static HealthDTO of(EventHealthDTO h, String plugin) {
        return h.plugins.stream().filter(p -> p.plugin.equals(plugin)).findFirst().orElseThrow();
    }

    @Test
    public void probesReportOkDegradedThrownAndHung() throws Exception {
        t.plugin("ok", "e", 10, List.of(), append("o"));
        t.plugin("degraded", "e", 20, List.of(), probed(() -> Health.degraded("quota at 90%")));
        t.plugin("thrower", "e", 30, List.of(), probed(() -> {
            throw new IllegalStateException("db unreachable");
        }));
        t.plugin("hang", "e", 40, List.of(), probed(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Health.ok();
        }));
        t.plugin("held", "e", 50, List.of("missing"), append("h"));

        long start = System.nanoTime();
        EventHealthDTO h = t.engine.health("e");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("probes ran concurrently within the timeout, took " + tookMillis + " ms", tookMillis < 2_000);
        assertEquals(Health.Status.DOWN, h.status);
        assertEquals(Health.Status.OK, of(h, "ok").status);
        assertEquals(Health.Status.DEGRADED, of(h, "degraded").status);
        assertEquals("quota at 90%", of(h, "degraded").message);
        assertEquals(Health.Status.DOWN, of(h, "thrower").status);
        assertEquals("db unreachable", of(h, "thrower").message);
        assertEquals(Health.Status.DOWN, of(h, "hang").status);
        assertEquals("timeout", of(h, "hang").message);
        assertEquals(Health.Status.DOWN, of(h, "held").status);
        assertEquals("held: dependency 'missing' is not registered", of(h, "held").message);
    }

    @Test
    public void aHangingProbeNeverBlocksACall() throws Exception {
        CountDownLatch probing = new CountDownLatch(1);
        t.plugin("slow", "e", 10, List.of(), probed(() -> {
            probing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Health.ok();
        }));
        CompletableFuture<EventHealthDTO> health = CompletableFuture.supplyAsync(() -> t.engine.health("e"));
        assertTrue("probe started", probing.await(5, TimeUnit.SECONDS));
        assertEquals(">s", t.engine.call("e", ">").value());
        assertEquals("timeout", health.get(5, TimeUnit.SECONDS).plugins.get(0).message);
    }

    @Test
    public void recentFailuresDegradeAndAnOpenBreakerIsDown() {
        t.plugin("flaky", "e", 10, List.of(), (String s, CallContext c) -> {
            throw new IllegalStateException("nope");
        });
        t.engine.call("e", "");
        HealthDTO one = t.engine.health("e").plugins.get(0);
        assertEquals(Health.Status.DEGRADED, one.status);
        assertTrue(one.message, one.message.startsWith("1 recent failure(s): java.lang.IllegalStateException: nope"));
        for (int i = 0; i < 4; i++) {
            t.engine.call("e", "");
        }
        HealthDTO open = t.engine.health("e").plugins.get(0);
        assertEquals(Health.Status.DOWN, open.status);
        assertTrue(open.message, open.message.startsWith("breaker open after 5 consecutive failures"));
        assertEquals(1, t.engine.health().size());
    }
}
