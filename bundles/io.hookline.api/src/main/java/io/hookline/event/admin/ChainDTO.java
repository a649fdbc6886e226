package io.hookline.event.admin;

import io.hookline.event.EventType;
import java.util.List;
import org.osgi.dto.DTO;

/**
 * Why an event's chain is what it is.
 */
public class ChainDTO extends DTO {
    /** The event. */
    public String event;
    /** The declared state type's class name ({@link EventType}), or "" if the event is undeclared. */
    public String type = "";
    /** The declared one-line description, or "". */
    public String description = "";
    /** The plugins in run order, then the plugins left out of the chain. */
    public List<Entry> entries;

    /** One plugin's place in, or absence from, the chain. */
    public static class Entry extends DTO {
        /** 1-based position in the chain, or 0 if not in it. */
        public int position;
        /** The plugin name. */
        public String plugin;
        /** Its priority. */
        public int priority;
        /** Its status. */
        public PluginStatus status;
        /**
         * Why it is here: "priority 20", "after normalize-email (dependency)", "held: dependency
         * x is stopped", "stopped by operator", "failed: ...".
         */
        public String reason;
    }
}
