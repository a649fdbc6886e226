/**
 * Felix Health Checks for Hookline. Exports nothing: the checks are {@code HealthCheck} services
 * found by their {@code hc.tags} ({@code hookline}, plus the event name for an event's check), and
 * the implementation lives in {@code io.hookline.healthcheck.internal}.
 */
package io.hookline.healthcheck;
