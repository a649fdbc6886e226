/**
 * Karaf shell actions of scope {@code hook} and their helpers. Exports nothing: Karaf finds the
 * actions through the bundle's {@code Karaf-Commands} header. The engine requirement lets a
 * resolver pull {@code io.hookline.core} in with the commands.
 */
@io.hookline.event.RequireHooklineEngine
package io.hookline.command.internal;
