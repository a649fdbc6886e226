package io.hookline.installer.internal.fetch;

import java.net.URI;

/** URL text fit for messages, records and logs: credentials never appear. Threading: stateless. */
public final class Urls {

    private Urls() {
    }

    /**
     * @return the URL with any user info replaced by {@code ***}, also in an authority Java cannot
     *     parse as a host (where {@link URI#getRawUserInfo()} is null)
     */
    public static String redact(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.getRawAuthority() != null && uri.getRawAuthority().contains("@") ? redact(uri.toString())
                    : uri.toString();
        }
        String s = uri.toString();
        int at = s.indexOf(uri.getRawUserInfo() + "@");
        return at < 0 ? uri.getScheme() + "://***@" + uri.getHost() : s.substring(0, at) + "***" + s.substring(at
                + uri.getRawUserInfo().length());
    }

    /**
     * @param url URL text that may not parse
     * @return the text with anything between {@code //} and an {@code @} before the path replaced
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("//");
        if (scheme < 0) {
            return url;
        }
        int end = url.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = url.indexOf(c, scheme + 2);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        return at > scheme ? url.substring(0, scheme + 2) + "***" + url.substring(at) : url;
    }
}
