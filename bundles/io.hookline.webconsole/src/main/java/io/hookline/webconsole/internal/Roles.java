package io.hookline.webconsole.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.servlet.http.HttpServletRequest;

/**
 * The roles of the console's user. The console checks Basic credentials against JAAS but hands
 * plugins only the user name, so the roles are read by logging the same credentials in to the
 * realm again; the answer is kept for a minute per credential (by its hash, never the password).
 * Any failure means no roles: the page then shows no actions and refuses them.
 */
final class Roles {

    private static final String ROLE_PRINCIPAL = "org.apache.karaf.jaas.boot.principal.RolePrincipal";
    private static final long TTL_NANOS = 60_000_000_000L;
    private static final int MAX_ENTRIES = 256;

    private record Cached(Set<String> roles, long at) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    boolean has(HttpServletRequest request, String realm, String role) {
        return roles(request.getHeader("Authorization"), realm).contains(role);
    }

    Set<String> roles(String authorization, String realm) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Set.of();
        }
        String key = realm + ":" + sha256(authorization);
        long now = System.nanoTime();
        Cached c = cache.get(key);
        if (c != null && now - c.at() < TTL_NANOS) {
            return c.roles();
        }
        Set<String> roles = login(authorization.substring(6).trim(), realm);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, new Cached(roles, now));
        return roles;
    }

    private static Set<String> login(String basic, String realm) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Set.of();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Set.of();
        }
        String user = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        Subject subject = new Subject();
        try {
            LoginContext login = new LoginContext(realm, subject, callbacks -> {
                for (var cb : callbacks) {
                    if (cb instanceof NameCallback n) {
                        n.setName(user);
                    } else if (cb instanceof PasswordCallback p) {
                        p.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(cb);
                    }
                }
            });
            login.login();
            Set<String> roles = subject.getPrincipals().stream()
                    .filter(p -> ROLE_PRINCIPAL.equals(p.getClass().getName()))
                    .map(Principal::getName)
                    .collect(Collectors.toUnmodifiableSet());
            login.logout();
            return roles;
        } catch (LoginException | SecurityException e) {
            return Set.of();
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
