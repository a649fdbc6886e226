/**
 * Karaf shell commands of scope {@code installer}, found by Karaf's shell extender through this
 * bundle's {@code Karaf-Commands} header. Thin: they build requests and print DTOs; the work is the
 * {@link io.hookline.installer.Installer} service's.
 */
package io.hookline.installer.internal.shell;
