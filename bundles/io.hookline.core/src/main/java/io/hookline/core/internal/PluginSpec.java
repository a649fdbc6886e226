package io.hookline.core.internal;

import io.hookline.event.EventHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A handler registration's metadata, parsed once from its service properties.
 *
 * <p>What: name, event, priority, dependencies, criticality and OSGi ranking, plus every problem
 * found ({@link #problems()} empty means valid). Why apart: parsing is pure and the registry only
 * reasons about parsed specs; the parser never throws for bad input. Threading: immutable.
 *
 * @param name the plugin name, or null when the service gives none (such a registration is never
 *     stored: a placeholder name would pile up records)
 * @param event the event, "" when missing
 * @param priority 0..100
 * @param depends distinct dependency names
 * @param critical fails closed ({@link EventHandler#CRITICAL})
 * @param ranking {@code service.ranking}, 0 when absent or not an Integer (as OSGi reads it)
 * @param budgetMillis the plugin's own time budget, -1 for the engine's
 * @param problems what is wrong with the metadata, in property order
 */
record PluginSpec(String name, String event, int priority, List<String> depends, boolean critical, int ranking,
        long budgetMillis, List<String> problems) {

    static final String SERVICE_RANKING = "service.ranking";

    /** Parses service properties; never throws for bad values. */
    static PluginSpec parse(Map<String, ?> props) {
        List<String> problems = new ArrayList<>();
        String name = firstNonEmpty(props.get(EventHandler.PLUGIN), props.get(EventHandler.PLUGIN_NAME_ALIAS),
                props.get("component.name"));
        if (name == null) {
            problems.add("no plugin name: set service property " + EventHandler.PLUGIN);
        }
        Object rawEvent = props.get(EventHandler.EVENT);
        String event = rawEvent instanceof String s ? s.strip() : "";
        if (rawEvent == null || event.isEmpty()) {
            problems.add(rawEvent == null || rawEvent instanceof String
                    ? "missing service property " + EventHandler.EVENT
                    : EventHandler.EVENT + " must be a String, was " + rawEvent.getClass().getSimpleName());
        }
        int priority = EventHandler.DEFAULT_PRIORITY;
        Object rawPriority = props.get(EventHandler.PRIORITY);
        if (rawPriority != null) {
            try {
                priority = rawPriority instanceof Number n ? n.intValue() : Integer.parseInt(rawPriority.toString().strip());
                if (priority < 0 || priority > 100) {
                    problems.add(EventHandler.PRIORITY + " " + priority + " is outside 0..100");
                }
            } catch (NumberFormatException e) {
                problems.add(EventHandler.PRIORITY + " '" + rawPriority + "' is not an integer");
                priority = EventHandler.DEFAULT_PRIORITY;
            }
        }
        boolean critical = false;
        Object rawCritical = props.get(EventHandler.CRITICAL);
        if (rawCritical instanceof Boolean b) {
            critical = b;
        } else if (rawCritical != null) {
            String v = rawCritical.toString().strip();
            if (v.equalsIgnoreCase("true")) {
                critical = true;
            } else if (!v.equalsIgnoreCase("false")) {
                problems.add(EventHandler.CRITICAL + " '" + rawCritical + "' is not true or false");
                // a guard with unreadable metadata guards: fail closed
                critical = true;
            }
        }
        int ranking = props.get(SERVICE_RANKING) instanceof Integer r ? r : 0;
        long budget = -1;
        Object rawBudget = props.get(EventHandler.BUDGET_MILLIS);
        if (rawBudget != null) {
            try {
                budget = rawBudget instanceof Number n ? n.longValue() : Long.parseLong(rawBudget.toString().strip());
                if (budget < -1) {
                    problems.add(EventHandler.BUDGET_MILLIS + " " + budget + " is negative");
                }
            } catch (NumberFormatException e) {
                problems.add(EventHandler.BUDGET_MILLIS + " '" + rawBudget + "' is not a number of milliseconds");
            }
        }
        return new PluginSpec(name, event, priority, stringList(props.get(EventHandler.DEPENDS)), critical, ranking,
                budget, List.copyOf(problems));
    }

    boolean valid() {
        return problems.isEmpty();
    }

    /** @return true if the registration orders, gates and records the same as {@code other} */
    boolean sameShape(PluginSpec other) {
        return java.util.Objects.equals(name, other.name) && event.equals(other.event) && depends.equals(other.depends)
                && critical == other.critical && problems.equals(other.problems);
    }

    private static String firstNonEmpty(Object... values) {
        for (Object v : values) {
            if (v instanceof String s && !s.isBlank()) {
                return s.strip();
            }
        }
        return null;
    }

    private static List<String> stringList(Object raw) {
        List<String> out = new ArrayList<>();
        if (raw instanceof String s) {
            out.add(s);
        } else if (raw instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (raw instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
