package io.hookline.itests.felix;

import static io.hookline.itests.felix.Await.awaitUntil;
import static io.hookline.itests.felix.Chains.running;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.hookline.event.Dispatcher;
import io.hookline.event.EventHandle;
import io.hookline.event.EventHandler;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.Reply;
import io.hookline.event.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Calls never see a half-built chain: four threads call one event (two through
 * {@link Dispatcher#call}, two through an {@link EventHandle}) while the test registers and
 * unregisters a plugin service 10,000 times through the real whiteboard (service events, SCR's
 * dynamic reference, the engine's registry and store). The churned plugin depends on an
 * always-present one and has the lower priority (5 against 10), so only the dependency orders it
 * second: every call must return exactly the base plugin's value or the base's then the churned
 * plugin's; anything else (a missing base, a reversed order, a failure) is a torn chain.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConcurrentChurnIT {

    private static final String EVENT = "churn";
    private static final String BASE = "churn-base";
    private static final String CHURNED = "churn-extra";
    private static final int CYCLES = 10_000;
    private static final int CALLERS = 4;
    private static final Set<String> VALID = Set.of("a", "ab");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    private BundleContext context;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private PluginAdmin admin;

    @Configuration
    public Option[] config() {
        return options(HooklineRuntime.container(getClass().getSimpleName()), HooklineRuntime.engine());
    }

    @Test
    public void callsSeeOneOfTheTwoValidChainsWhileAPluginIsRegisteredAndUnregistered10000Times()
            throws Exception {
        ServiceRegistration<?> base = context.registerService(EventHandler.class.getName(),
                (EventHandler<String>) (s, ctx) -> Reply.next(s + "a"), properties(BASE, 10));
        try {
            awaitUntil(BASE + " is active", TIMEOUT,
                    () -> admin.plugin(BASE).map(p -> p.status.isActive()).orElse(false), admin::plugins);
            EventHandle<String> handle = dispatcher.event(EVENT, String.class);
            EventHandler<String> extra = (s, ctx) -> Reply.next(s + "b");

            AtomicBoolean churning = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
            LongAdder calls = new LongAdder();
            AtomicLong withExtra = new AtomicLong();
            long[] perCaller = new long[CALLERS];
            CountDownLatch started = new CountDownLatch(CALLERS);
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                int caller = i;
                boolean useHandle = i % 2 == 0;
                Thread t = new Thread(() -> {
                    started.countDown();
                    long n = 0;
                    while (churning.get()) {
                        try {
                            Result<String> r = useHandle ? handle.call("") : dispatcher.call(EVENT, "");
                            if (r.failed() || r.halted() || !VALID.contains(r.value())) {
                                torn.add(r.toString());
                            } else if (r.value().length() == 2) {
                                withExtra.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            torn.add(e.toString());
                        }
                        n++;
                        // four callers and the churning thread share two cores: let the churn run
                        Thread.yield();
                    }
                    perCaller[caller] = n;
                    calls.add(n);
                }, "churn-caller-" + i + (useHandle ? "-handle" : "-dispatcher"));
                t.start();
                callers.add(t);
            }
            started.await();

            long begin = System.nanoTime();
            try {
                for (int i = 0; i < CYCLES; i++) {
                    ServiceRegistration<?> reg = context.registerService(EventHandler.class.getName(), extra,
                            properties(CHURNED, 5, BASE));
                    reg.unregister();
                }
            } finally {
                churning.set(false);
                for (Thread t : callers) {
                    t.join(TIMEOUT.toMillis());
                }
            }
            long churnMillis = (System.nanoTime() - begin) / 1_000_000;
            System.out.printf("%d register/unregister cycles in %d ms; %d calls (%s per caller), %d saw %s%n",
                    CYCLES, churnMillis, calls.sum(), Arrays.toString(perCaller), withExtra.get(), CHURNED);

            assertTrue("torn or failed calls: " + torn.size() + ", first: " + torn.peek(), torn.isEmpty());
            for (int i = 0; i < CALLERS; i++) {
                assertTrue("caller " + i + " made no progress", perCaller[i] > 0);
            }
            assertTrue("no call ever ran " + CHURNED + ": the churn was not seen by callers", withExtra.get() > 0);

            // the final chain: the churned plugin is gone, the base alone runs
            assertFalse(admin.plugin(CHURNED).isPresent());
            assertEquals(List.of(BASE), running(admin.chain(EVENT)));
            assertEquals("a", handle.call("").value());
            assertEquals("a", dispatcher.call(EVENT, "").value());

            // and it still joins cleanly afterwards
            ServiceRegistration<?> last = context.registerService(EventHandler.class.getName(), extra,
                    properties(CHURNED, 5, BASE));
            try {
                awaitUntil(CHURNED + " is active", TIMEOUT,
                        () -> admin.plugin(CHURNED).map(p -> p.status.isActive()).orElse(false), admin::plugins);
                assertEquals(List.of(BASE, CHURNED), running(admin.chain(EVENT)));
                assertEquals("ab", handle.call("").value());
            } finally {
                last.unregister();
            }
        } finally {
            base.unregister();
        }
    }

    private static Dictionary<String, Object> properties(String name, int priority, String... depends) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventHandler.PLUGIN, name);
        props.put(EventHandler.EVENT, EVENT);
        props.put(EventHandler.PRIORITY, priority);
        if (depends.length > 0) {
            props.put(EventHandler.DEPENDS, depends);
        }
        return props;
    }
}
