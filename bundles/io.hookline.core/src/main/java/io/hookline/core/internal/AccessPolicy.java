package io.hookline.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which bundles may attach plugins to which events: rules "event-pattern = bundle-pattern, ...",
 * with {@code *} matching any run of characters.
 *
 * <p>What: an event matched by no rule is open to every bundle (the default: no rules); an event
 * matched by rules takes plugins only from bundles one of them lists. A plugin outside the policy
 * is FAILED with a reason naming the rule. Why apart: a pure function of (rules, event, bundle),
 * tested without a framework. Threading: immutable.
 */
final class AccessPolicy {

    static final AccessPolicy OPEN = new AccessPolicy(List.of());

    private record Rule(String text, Pattern event, List<Pattern> bundles) {
    }

    private final List<Rule> rules;

    private AccessPolicy(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * @param lines rules as configured; blank lines are ignored
     * @throws IllegalArgumentException naming the line, for a rule without '=' or without bundles
     */
    static AccessPolicy parse(String[] lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines == null ? new String[0] : lines) {
            String line = raw == null ? "" : raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("access rule '" + line + "' is not 'event-pattern = bundle-pattern, ...'");
            }
            List<Pattern> bundles = new ArrayList<>();
            for (String b : line.substring(eq + 1).split(",")) {
                if (!b.isBlank()) {
                    bundles.add(glob(b.strip()));
                }
            }
            if (bundles.isEmpty()) {
                throw new IllegalArgumentException("access rule '" + line + "' names no bundle pattern");
            }
            rules.add(new Rule(line, glob(line.substring(0, eq).strip()), List.copyOf(bundles)));
        }
        return rules.isEmpty() ? OPEN : new AccessPolicy(List.copyOf(rules));
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (String part : g.split("\\*", -1)) {
            if (re.length() > 0 || g.startsWith("*")) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(g.equals("*") ? ".*" : re.toString());
    }

    /** @return null if {@code bundle} may attach to {@code event}, else the reason naming the rule(s) */
    String refusal(String event, String bundle) {
        List<String> matching = new ArrayList<>();
        for (Rule r : rules) {
            if (r.event.matcher(event).matches()) {
                for (Pattern b : r.bundles) {
                    if (b.matcher(bundle == null ? "" : bundle).matches()) {
                        return null;
                    }
                }
                matching.add(r.text);
            }
        }
        return matching.isEmpty() ? null : "event access policy: bundle " + bundle + " may not attach to event '"
                + event + "' (rule " + String.join("; ", matching) + ")";
    }
}
