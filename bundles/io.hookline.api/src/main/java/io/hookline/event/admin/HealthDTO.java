package io.hookline.event.admin;

import io.hookline.event.Health;
import org.osgi.dto.DTO;

/**
 * One plugin's health: its probe's answer combined with its status and failure breaker.
 */
public class HealthDTO extends DTO {
    /** The plugin. */
    public String plugin;
    /** Its event. */
    public String event;
    /** OK, DEGRADED or DOWN. */
    public Health.Status status;
    /** The probe's message, "timeout", the exception's message, or the status reason. */
    public String message;
    /** How long the probe took, in microseconds (the timeout if it hung). */
    public long durationMicros;
}
