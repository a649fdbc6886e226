package io.hookline.event;

import static java.lang.annotation.ElementType.PACKAGE;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Requirement;

/**
 * Adds a requirement on the Hookline engine ({@code osgi.implementation=hookline}) to the bundle,
 * so a resolver (Karaf features, bndrun) pulls the engine in with any plugin. {@link Plugin} carries
 * it already.
 */
@Documented
@Retention(CLASS)
@Target({TYPE, PACKAGE})
@Requirement(namespace = "osgi.implementation", name = RequireHooklineEngine.IMPLEMENTATION,
        version = RequireHooklineEngine.VERSION)
public @interface RequireHooklineEngine {
    /** The implementation name the engine provides. */
    String IMPLEMENTATION = "hookline";
    /** The implementation version the engine provides. */
    String VERSION = "1.0.0";
}
