package io.hookline.installer.internal.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an OSGi manifest header ({@code Export-Package}, {@code Provide-Capability},
 * {@code Fragment-Host}) into clauses: paths, attributes ({@code name[:type]=value}) and directives
 * ({@code name:=value}), honouring quotes, so {@code a;uses:="x,y",b} is two clauses. Lenient on
 * what it does not need; the framework still validates the header when it installs the bundle.
 * Threading: stateless.
 */
public final class ManifestClauses {

    /** One clause: {@code path;path;attr=value;dir:=value}. */
    public record Clause(List<String> paths, Map<String, String> attributes, Map<String, String> directives) {
    }

    private ManifestClauses() {
    }

    /** @return the clauses of {@code header}, none for null or blank */
    public static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            if (clause.isBlank()) {
                continue;
            }
            List<String> paths = new ArrayList<>();
            Map<String, String> attrs = new LinkedHashMap<>();
            Map<String, String> dirs = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    if (!p.isEmpty()) {
                        paths.add(p);
                    }
                    continue;
                }
                boolean directive = eq > 0 && p.charAt(eq - 1) == ':';
                String key = p.substring(0, directive ? eq - 1 : eq).trim();
                int colon = key.indexOf(':');
                if (!directive && colon >= 0) {
                    key = key.substring(0, colon).trim(); // typed attribute name:Type
                }
                String value = unquote(p.substring(eq + 1).trim());
                (directive ? dirs : attrs).put(key, value);
            }
            clauses.add(new Clause(paths, attrs, dirs));
        }
        return clauses;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) {
                b.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == sep && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }
}
