package io.hookline.event;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a DS component as a Hookline plugin:
 *
 * <pre>{@code
 * @Component
 * @Plugin(event = "after_success_login", priority = 20, depends = "audit")
 * public class WelcomeMail implements EventHandler<Login> { ... }
 * }</pre>
 *
 * <p>A component property type: the elements become the service properties documented on
 * {@link EventHandler} ({@code hookline.event}, {@code hookline.priority}, {@code hookline.depends},
 * {@code hookline.critical} and, for {@link #name()}, {@code hookline.name}). It also adds a requirement on the engine to the
 * bundle ({@link RequireHooklineEngine}).
 */
@Documented
@Retention(CLASS)
@Target(TYPE)
@ComponentPropertyType
@RequireHooklineEngine
public @interface Plugin {

    /** Prefix applied to every element name. */
    String PREFIX_ = "hookline.";

    /** @return the event, required, non-empty */
    String event();

    /** @return the priority 0..100, lower runs first */
    int priority() default EventHandler.DEFAULT_PRIORITY;

    /** @return names of plugins this one depends on */
    String[] depends() default {};

    /** @return the plugin's unique name; empty means the DS component name */
    String name() default "";

    /** @return true if the plugin fails closed: see {@link EventHandler#CRITICAL} */
    boolean critical() default false;

    /**
     * @return this plugin's time budget per call in milliseconds ({@link EventHandler#BUDGET_MILLIS});
     *     -1, the default, means the engine's configured budget
     */
    long budget_millis() default -1;
}
