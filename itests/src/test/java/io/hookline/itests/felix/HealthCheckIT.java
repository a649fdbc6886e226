package io.hookline.itests.felix;

import static io.hookline.itests.felix.Await.awaitUntil;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.hookline.event.Dispatcher;
import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import io.hookline.event.admin.PluginAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.junit.After;
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
 * Hookline's health checks run by the real Felix Health Checks executor (core 2.0.14), selected by
 * tag as {@code hc:exec -v hookline} does: one check per event appears with its plugins, and held
 * or breaker-open plugins turn it WARN with the reason in the result log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthCheckIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String EVENT = "it_health";
    private static final String CHECK = "Hookline event " + EVENT;

    @Inject
    private BundleContext context;
    @Inject
    private PluginAdmin admin;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private HealthCheckExecutor executor;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Configuration
    public Option[] config() {
        return options(HooklineRuntime.container(getClass().getSimpleName()), HooklineRuntime.engine(),
                HooklineRuntime.examples(),
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin", "1.6.4"),
                // what Felix HC core imports: the HTTP service API (servlet optional but wired when present)
                mavenBundle("org.apache.felix", "org.apache.felix.http.servlet-api", "1.2.0"),
                mavenBundle("org.osgi", "org.osgi.service.http", "1.2.2"),
                mavenBundle("org.osgi", "org.osgi.service.http.whiteboard", "1.1.1"),
                mavenBundle("org.apache.felix", "org.apache.felix.healthcheck.api", "2.0.4"),
                mavenBundle("org.apache.felix", "org.apache.felix.healthcheck.core", "2.0.14"),
                HooklineRuntime.hookline("io.hookline.healthcheck"));
    }

    @After
    public void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
    }

    private void plugin(String name, int priority, String[] depends, EventHandler<Object> handler) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventHandler.PLUGIN, name);
        props.put(EventHandler.EVENT, EVENT);
        props.put(EventHandler.PRIORITY, priority);
        props.put(EventHandler.DEPENDS, depends);
        registrations.add(context.registerService(EventHandler.class.getName(), handler, props));
    }

    private Map<String, Result> byName(HealthCheckSelector selector) {
        return executor.execute(selector).stream().collect(Collectors.toMap(
                r -> r.getHealthCheckMetadata().getName(), HealthCheckExecutionResult::getHealthCheckResult, (a, b) -> b));
    }

    private Optional<Result> eventCheck() {
        return Optional.ofNullable(byName(HealthCheckSelector.tags("hookline")).get(CHECK));
    }

    private static List<String> lines(Result r) {
        List<String> out = new ArrayList<>();
        for (ResultLog.Entry e : r) {
            out.add(e.getStatus() + " " + e.getMessage());
        }
        return out;
    }

    private void awaitCheck(Result.Status status, String line) {
        awaitUntil(CHECK + " is " + status + " with '" + line + "'", TIMEOUT,
                () -> eventCheck().filter(r -> r.getStatus() == status && lines(r).contains(line)).isPresent(),
                () -> eventCheck().map(HealthCheckIT::lines));
    }

    @Test
    public void theExampleEventsAndTheEngineAreHealthyUnderTheHooklineTag() throws Exception {
        awaitUntil("a check per example event and one overall", TIMEOUT, () -> byName(HealthCheckSelector.tags("hookline"))
                .keySet().containsAll(List.of("Hookline", "Hookline event user_registered")),
                () -> byName(HealthCheckSelector.tags("hookline")).keySet());
        // the executor caches results for a moment: another test's plugins may still show, so poll
        awaitUntil("the overall check is OK and lists welcome-message", TIMEOUT, () -> {
            Result overall = byName(HealthCheckSelector.tags("hookline")).get("Hookline");
            return overall.getStatus() == Result.Status.OK
                    && lines(overall).contains("OK event user_registered: plugin welcome-message ok");
        }, () -> lines(byName(HealthCheckSelector.tags("hookline")).get("Hookline")));
        assertEquals("the per-event check stays registered between runs", 1, context.getServiceReferences(
                org.apache.felix.hc.api.HealthCheck.class, "(hc.name=Hookline event user_registered)").size());
        Map<String, Result> justTheEvent = byName(HealthCheckSelector.tags("user_registered"));
        assertEquals("the event's own tag selects its check alone", List.of("Hookline event user_registered"),
                List.copyOf(justTheEvent.keySet()));
        assertEquals(Result.Status.OK, justTheEvent.get("Hookline event user_registered").getStatus());
    }

    @Test
    public void aHeldAndABreakerOpenPluginTurnTheirEventWarnWithTheReasons() {
        plugin("hc-base", 10, new String[0], (state, ctx) -> Reply.next(state));
        plugin("hc-dependent", 20, new String[] {"hc-base"}, (state, ctx) -> Reply.next(state));
        awaitCheck(Result.Status.OK, "OK event " + EVENT + ": plugin hc-dependent ok");

        admin.stop("hc-base");
        awaitCheck(Result.Status.WARN, "WARN event " + EVENT + ": plugin hc-dependent is held: dependency 'hc-base' is stopped");
        admin.enable("hc-base");
        awaitCheck(Result.Status.OK, "OK event " + EVENT + ": plugin hc-dependent ok");

        plugin("hc-flaky", 30, new String[0], (state, ctx) -> {
            throw new IllegalStateException("flaky on purpose");
        });
        awaitUntil("hc-flaky is active", TIMEOUT, () -> admin.plugin("hc-flaky").map(p -> p.status.isActive()).orElse(false));
        for (int i = 0; i < 5; i++) {
            dispatcher.call(EVENT, Map.of("n", i));
        }
        awaitUntil(CHECK + " warns that hc-flaky's breaker is open", TIMEOUT, () -> eventCheck()
                .filter(r -> r.getStatus() == Result.Status.WARN && lines(r).stream()
                        .anyMatch(l -> l.startsWith("WARN event " + EVENT + ": plugin hc-flaky breaker open: breaker open after 5")
                                && l.contains("flaky on purpose")))
                .isPresent(), () -> eventCheck().map(HealthCheckIT::lines));
        admin.restart("hc-flaky");
    }
}
