package io.hookline.event.admin;

import io.hookline.event.Health;
import java.util.List;
import org.osgi.dto.DTO;

/**
 * An event's health: the worst of its plugins'.
 */
public class EventHealthDTO extends DTO {
    /** The event. */
    public String event;
    /** The worst status among the plugins (OK if none). */
    public Health.Status status;
    /** Each plugin's health, in name order. */
    public List<HealthDTO> plugins;
}
