package io.hookline.webconsole.internal;

/** HTML escaping for text and attribute values: everything the page shows goes through {@link #esc}. */
final class Html {

    private Html() {
    }

    /** @return {@code s} with {@code & < > " '} escaped; "" for null */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
