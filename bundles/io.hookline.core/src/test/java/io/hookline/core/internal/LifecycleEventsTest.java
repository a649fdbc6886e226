package io.hookline.core.internal;

import static io.hookline.core.internal.Await.awaitUntil;
import static io.hookline.core.internal.TestEngine.append;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.hookline.event.CallContext;
import io.hookline.event.admin.PluginAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Plugin lifecycle events: which topics and properties, in order, and never on the calling thread. */
public class LifecycleEventsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private TestEngine t;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    record Seen(String topic, Map<String, Object> props, String thread) {
    }

    @Before
    public void open() throws Exception {
        t = new TestEngine(tmp.newFolder().toPath(), new EngineSettings(2, Duration.ofMillis(200), Duration.ofMillis(300)));
        t.engine.addLifecycleListener((topic, props) -> seen.add(new Seen(topic, props, Thread.currentThread().getName())));
    }

    @After
    public void close() {
        t.close();
    }

    private List<String> topicsOf(String plugin) {
        return seen.stream().filter(s -> plugin.equals(s.props.get(PluginAdmin.EVENT_PLUGIN))).map(Seen::topic).toList();
    }

    private Seen last(String plugin, String topic) {
        return seen.stream().filter(s -> plugin.equals(s.props.get(PluginAdmin.EVENT_PLUGIN)) && topic.equals(s.topic))
                .reduce((a, b) -> b).orElseThrow();
    }

    private void awaitTopics(String plugin, List<String> topics) {
        awaitUntil(plugin + " announced " + topics, TIMEOUT, () -> topicsOf(plugin).equals(topics), () -> topicsOf(plugin));
    }

    @Test
    public void statusChangesAreAnnouncedInOrderWithTheirReasons() {
        t.plugin("a", "e", 10, List.of(), append("a"));
        t.plugin("b", "e", 20, List.of("a"), append("b"));
        awaitTopics("a", List.of(PluginAdmin.TOPIC_REGISTERED));
        awaitTopics("b", List.of(PluginAdmin.TOPIC_REGISTERED));
        Seen registered = last("a", PluginAdmin.TOPIC_REGISTERED);
        assertEquals("e", registered.props.get(PluginAdmin.EVENT_EVENT));
        assertEquals("test.bundle", registered.props.get(PluginAdmin.EVENT_BUNDLE));
        assertEquals("REGISTERED", registered.props.get(PluginAdmin.EVENT_STATUS));
        assertNull("an arrival has no previous status", registered.props.get(PluginAdmin.EVENT_PREVIOUS_STATUS));
        assertEquals("hookline-lifecycle", registered.thread);

        t.engine.stop("a");
        awaitTopics("a", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_STOPPED));
        awaitTopics("b", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_HELD));
        Seen held = last("b", PluginAdmin.TOPIC_HELD);
        assertEquals("dependency 'a' is stopped", held.props.get(PluginAdmin.EVENT_REASON));
        assertEquals("REGISTERED", held.props.get(PluginAdmin.EVENT_PREVIOUS_STATUS));
        assertEquals("stopped by operator", last("a", PluginAdmin.TOPIC_STOPPED).props.get(PluginAdmin.EVENT_REASON));

        t.engine.enable("a");
        awaitTopics("a", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_STOPPED, PluginAdmin.TOPIC_STARTED));
        awaitTopics("b", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_HELD, PluginAdmin.TOPIC_REGISTERED));

        t.plugin("a", "e", 15, List.of(), append("dup"));
        awaitUntil("the duplicate is announced FAILED", TIMEOUT,
                () -> topicsOf("a").contains(PluginAdmin.TOPIC_FAILED), () -> topicsOf("a"));
        assertTrue(String.valueOf(last("a", PluginAdmin.TOPIC_FAILED).props.get(PluginAdmin.EVENT_REASON)),
                String.valueOf(last("a", PluginAdmin.TOPIC_FAILED).props.get(PluginAdmin.EVENT_REASON)).contains("a"));
    }

    @Test
    public void breakerTransitionsAreAnnouncedOffTheCallingThreadWhichAListenerCannotBlock() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean blocked = new AtomicBoolean();
        t.engine.addLifecycleListener((topic, props) -> {
            if (topic.equals(PluginAdmin.TOPIC_BREAKER_OPEN)) {
                blocked.set(true);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        AtomicBoolean failing = new AtomicBoolean(true);
        t.plugin("flaky", "e", 10, List.of(), (String s, CallContext c) -> {
            if (failing.get()) {
                throw new IllegalStateException("down");
            }
            return io.hookline.event.Reply.next(s + "ok");
        });
        t.engine.call("e", "x");
        t.engine.call("e", "x");
        awaitUntil("the listener holds the lifecycle thread", TIMEOUT, blocked::get);
        // the breaker is open and the lifecycle thread is stuck in a listener: calls still return at once
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            t.engine.call("e", "x");
        }
        assertTrue("calls waited for a listener", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        release.countDown();
        Seen open = last("flaky", PluginAdmin.TOPIC_BREAKER_OPEN);
        assertEquals(2, open.props.get(PluginAdmin.EVENT_CONSECUTIVE_FAILURES));
        assertTrue((Long) open.props.get(PluginAdmin.EVENT_BREAKER_OPEN_UNTIL) > 0);
        assertTrue(String.valueOf(open.props.get(PluginAdmin.EVENT_REASON)).contains("THREW"));
        assertNotEquals(Thread.currentThread().getName(), open.thread);

        failing.set(false);
        awaitUntil("a trial call after the cool-down closes the breaker", TIMEOUT, () -> {
            t.engine.call("e", "x");
            return topicsOf("flaky").contains(PluginAdmin.TOPIC_BREAKER_CLOSED);
        }, () -> topicsOf("flaky"));
        assertEquals(List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_BREAKER_OPEN, PluginAdmin.TOPIC_BREAKER_CLOSED),
                topicsOf("flaky"));
        assertFalse(last("flaky", PluginAdmin.TOPIC_BREAKER_CLOSED).props.containsKey(PluginAdmin.EVENT_BREAKER_OPEN_UNTIL));
    }

    @Test
    public void anOperatorRestartClosesAnOpenBreaker() {
        t.plugin("bad", "e", 10, List.of(), (String s, CallContext c) -> {
            throw new IllegalStateException("down");
        });
        t.engine.call("e", "x");
        t.engine.call("e", "x");
        awaitTopics("bad", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_BREAKER_OPEN));
        t.engine.restart("bad");
        awaitTopics("bad", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_BREAKER_OPEN,
                PluginAdmin.TOPIC_BREAKER_CLOSED, PluginAdmin.TOPIC_STARTED));
    }

    /** The JMX bundle withdraws a plugin's MBean on this topic: a plugin that leaves must say so. */
    @Test
    public void aPluginThatLeavesIsAnnouncedRemovedBeforeTheDependentsItHolds() {
        long a = t.plugin("a", "e", 10, List.of(), append("a"));
        t.plugin("b", "e", 20, List.of("a"), append("b"));
        long c = t.plugin("c", "e", 30, List.of(), append("c"));
        awaitTopics("b", List.of(PluginAdmin.TOPIC_REGISTERED));
        t.engine.stop("c");
        awaitTopics("c", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_STOPPED));

        t.engine.unregister(a); // its service went away
        awaitTopics("a", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_REMOVED));
        awaitTopics("b", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_HELD));
        Seen removed = last("a", PluginAdmin.TOPIC_REMOVED);
        assertEquals("e", removed.props.get(PluginAdmin.EVENT_EVENT));
        assertEquals("test.bundle", removed.props.get(PluginAdmin.EVENT_BUNDLE));
        assertEquals("REGISTERED", removed.props.get(PluginAdmin.EVENT_PREVIOUS_STATUS));
        assertEquals("", removed.props.get(PluginAdmin.EVENT_REASON));
        assertTrue("announced before the hold it caused", seen.indexOf(removed) < seen.indexOf(last("b", PluginAdmin.TOPIC_HELD)));

        t.engine.unregister("c"); // an operator's unregister
        awaitTopics("c", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_STOPPED, PluginAdmin.TOPIC_REMOVED));
        assertEquals("STOPPED", last("c", PluginAdmin.TOPIC_REMOVED).props.get(PluginAdmin.EVENT_PREVIOUS_STATUS));
        assertTrue(c > 0);
    }
}
