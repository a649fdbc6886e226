package io.hookline.itests.felix;

import static io.hookline.itests.felix.Await.awaitUntil;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import io.hookline.event.admin.PluginAdmin;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import io.hookline.event.Dispatcher;

/**
 * Plugin lifecycle events on the real Felix Event Admin: a test {@code org.osgi.service.event}
 * handler subscribed to {@code io/hookline/plugin/*} sees plugins arrive, stop, be held, start,
 * and their breaker open and close, with the documented properties.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LifecycleEventsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String EVENT = "it_lifecycle";

    @Inject
    private BundleContext context;
    @Inject
    private PluginAdmin admin;
    @Inject
    private Dispatcher dispatcher;

    private final List<Event> seen = new CopyOnWriteArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();

    @Configuration
    public Option[] config() {
        return options(HooklineRuntime.container(getClass().getSimpleName()), HooklineRuntime.engine(),
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin", "1.6.4"));
    }

    @Before
    public void subscribe() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, PluginAdmin.TOPIC_PREFIX + "*");
        registrations.add(context.registerService(org.osgi.service.event.EventHandler.class, seen::add, props));
    }

    @After
    public void unregister() {
        for (ServiceRegistration<?> r : registrations) {
            r.unregister();
        }
    }

    private ServiceRegistration<?> plugin(String name, int priority, String[] depends, EventHandler<Object> handler) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventHandler.PLUGIN, name);
        props.put(EventHandler.EVENT, EVENT);
        props.put(EventHandler.PRIORITY, priority);
        props.put(EventHandler.DEPENDS, depends);
        ServiceRegistration<?> r = context.registerService(EventHandler.class.getName(), handler, props);
        registrations.add(r);
        return r;
    }

    private List<String> topics(String plugin) {
        return seen.stream().filter(e -> plugin.equals(e.getProperty(PluginAdmin.EVENT_PLUGIN))).map(Event::getTopic)
                .toList();
    }

    private Event last(String plugin, String topic) {
        return seen.stream().filter(e -> plugin.equals(e.getProperty(PluginAdmin.EVENT_PLUGIN)) && topic.equals(e.getTopic()))
                .reduce((a, b) -> b).orElseThrow();
    }

    private void awaitTopics(String plugin, List<String> expected) {
        awaitUntil(plugin + " announced " + expected, TIMEOUT, () -> topics(plugin).equals(expected), () -> topics(plugin));
    }

    @Test
    public void aHandlerSeesPluginsArriveStopBeHeldAndStart() {
        plugin("it-base", 10, new String[0], (state, ctx) -> Reply.next(state));
        plugin("it-dependent", 20, new String[] {"it-base"}, (state, ctx) -> Reply.next(state));
        awaitTopics("it-base", List.of(PluginAdmin.TOPIC_REGISTERED));
        awaitTopics("it-dependent", List.of(PluginAdmin.TOPIC_REGISTERED));
        Event registered = last("it-base", PluginAdmin.TOPIC_REGISTERED);
        assertEquals(EVENT, registered.getProperty(PluginAdmin.EVENT_EVENT));
        assertEquals("REGISTERED", registered.getProperty(PluginAdmin.EVENT_STATUS));
        assertEquals("the probe bundle registered it", context.getBundle().getSymbolicName(),
                registered.getProperty(PluginAdmin.EVENT_BUNDLE));

        admin.stop("it-base");
        awaitTopics("it-base", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_STOPPED));
        awaitTopics("it-dependent", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_HELD));
        Event held = last("it-dependent", PluginAdmin.TOPIC_HELD);
        assertEquals("dependency 'it-base' is stopped", held.getProperty(PluginAdmin.EVENT_REASON));
        assertEquals("REGISTERED", held.getProperty(PluginAdmin.EVENT_PREVIOUS_STATUS));

        admin.enable("it-base");
        awaitTopics("it-base", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_STOPPED,
                PluginAdmin.TOPIC_STARTED));
        awaitTopics("it-dependent", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_HELD,
                PluginAdmin.TOPIC_REGISTERED));

        plugin("it-base", 30, new String[0], (state, ctx) -> Reply.next(state));
        awaitUntil("the duplicate it-base is announced FAILED", TIMEOUT,
                () -> topics("it-base").contains(PluginAdmin.TOPIC_FAILED), () -> topics("it-base"));
        assertTrue(String.valueOf(last("it-base", PluginAdmin.TOPIC_FAILED).getProperty(PluginAdmin.EVENT_REASON))
                .startsWith("duplicate plugin name 'it-base'"));
    }

    @Test
    public void aHandlerSeesTheBreakerOpenAndAnOperatorRestartCloseIt() {
        AtomicBoolean failing = new AtomicBoolean(true);
        plugin("it-flaky", 10, new String[0], (state, ctx) -> {
            if (failing.get()) {
                throw new IllegalStateException("down on purpose");
            }
            return Reply.next(state);
        });
        awaitTopics("it-flaky", List.of(PluginAdmin.TOPIC_REGISTERED));
        // the default threshold is 5 consecutive failures
        for (int i = 0; i < 5; i++) {
            dispatcher.call(EVENT, Map.of("n", i));
        }
        awaitTopics("it-flaky", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_BREAKER_OPEN));
        Event open = last("it-flaky", PluginAdmin.TOPIC_BREAKER_OPEN);
        assertEquals(5, open.getProperty(PluginAdmin.EVENT_CONSECUTIVE_FAILURES));
        assertTrue((Long) open.getProperty(PluginAdmin.EVENT_BREAKER_OPEN_UNTIL) > System.currentTimeMillis());
        assertTrue(String.valueOf(open.getProperty(PluginAdmin.EVENT_REASON)),
                String.valueOf(open.getProperty(PluginAdmin.EVENT_REASON))
                        .startsWith("[" + EVENT + " | it-flaky | " + context.getBundle().getSymbolicName() + "] THREW"));

        failing.set(false);
        admin.restart("it-flaky");
        awaitTopics("it-flaky", List.of(PluginAdmin.TOPIC_REGISTERED, PluginAdmin.TOPIC_BREAKER_OPEN,
                PluginAdmin.TOPIC_BREAKER_CLOSED, PluginAdmin.TOPIC_STARTED));
    }
}
