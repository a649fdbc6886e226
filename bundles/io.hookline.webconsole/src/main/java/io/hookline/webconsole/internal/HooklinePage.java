package io.hookline.webconsole.internal;

import static io.hookline.webconsole.internal.Html.esc;

import io.hookline.event.admin.EventHealthDTO;
import io.hookline.event.admin.HealthDTO;
import io.hookline.event.admin.PluginAdmin;
import io.hookline.event.admin.PluginDTO;
import io.hookline.store.audit.AuditEntry;
import io.hookline.store.audit.AuditLog;
import io.hookline.store.audit.AuditQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The Hookline page of the Felix Web Console, {@code /system/console/hookline}: each event's chain
 * as a graph, every plugin's details, the installed apps and the audit trail, and the operator
 * actions for admins.
 *
 * <p>The console authenticates (Basic, JAAS realm karaf) but neither authorises per page nor guards
 * against cross-site requests. So this page decides itself: it logs the request's credentials in
 * to the realm again to read the user's roles (the console keeps only the user name), shows action
 * buttons to {@link Config#adminRole()} only, and accepts an action only as a POST carrying the
 * session's token, from the console's own origin, by an admin. Every value shown is escaped; the
 * data the graphs read is JSON that cannot close its script element.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + HooklinePage.LABEL,
        "felix.webconsole.title=Hookline",
        "felix.webconsole.category=Hookline"})
@Designate(ocd = HooklinePage.Config.class)
public final class HooklinePage extends HttpServlet {

    static final String LABEL = "hookline";
    static final String TOKEN_ATTRIBUTE = "io.hookline.webconsole.token";
    static final String TOKEN_HEADER = "X-Hookline-Token";
    private static final long serialVersionUID = 1L;
    private static final Set<String> PLUGIN_VERBS = Set.of("stop", "enable", "restart", "start");
    private static final int AUDIT_ROWS = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    @ObjectClassDefinition(name = "Hookline web console page", description = "Who may act from the Hookline page of the web console")
    public @interface Config {
        @AttributeDefinition(name = "JAAS realm", description = "The realm the console's credentials are checked against to read the user's roles")
        String realm() default "karaf";

        @AttributeDefinition(name = "Admin role", description = "The role whose users see and may use the operator actions (stop, enable, restart, uninstall)")
        String adminRole() default "admin";
    }

    private final transient PluginAdmin admin;
    private volatile transient Config config;
    private volatile transient Apps apps;
    private volatile transient AuditLog audit;
    private final transient Roles roles = new Roles();

    @Activate
    public HooklinePage(@Reference PluginAdmin admin, Config config) {
        this.admin = admin;
        this.config = config;
    }

    @Modified
    void modified(Config config) {
        this.config = config;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setApps(Apps apps) {
        this.apps = apps;
    }

    void unsetApps(Apps apps) {
        if (this.apps == apps) {
            this.apps = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setAudit(AuditLog audit) {
        this.audit = audit;
    }

    void unsetAudit(AuditLog audit) {
        if (this.audit == audit) {
            this.audit = null;
        }
    }

    /**
     * The console's resource convention: {@code /hookline/res/<file>} is served from the bundle's
     * {@code res/} folder (the layout libraries and the page's script).
     *
     * @param path the request path after the console root
     * @return the resource, or null
     */
    public URL getResource(String path) {
        String prefix = "/" + LABEL + "/res/";
        if (path == null || !path.startsWith(prefix)) {
            return null;
        }
        String name = path.substring(prefix.length());
        if (!name.matches("[a-z0-9.-]+") || name.contains("..")) {
            return null;
        }
        return getClass().getClassLoader().getResource("res/" + name);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        boolean isAdmin = roles.has(request, config.realm(), config.adminRole());
        String token = isAdmin ? token(request.getSession(true)) : "";
        String root = appRoot(request);
        PrintWriter out = response.getWriter();
        out.println("<link rel='stylesheet' href='" + esc(root) + "/hookline/res/hookline.css'>");
        out.println("<div id='hookline' data-admin='" + isAdmin + "' data-token='" + esc(token) + "' data-action='"
                + esc(root) + "/" + LABEL + "'>");
        out.println("<p id='hl-message' role='status'></p>");

        List<PluginDTO> plugins = admin.plugins();
        Map<String, PluginDTO> byName = plugins.stream().collect(Collectors.toMap(p -> p.name, p -> p, (a, b) -> a, LinkedHashMap::new));
        Function<String, java.util.Optional<PluginDTO>> lookup = n -> java.util.Optional.ofNullable(byName.get(n));
        List<Object> graphs = new ArrayList<>();
        out.println("<h2>Events</h2>");
        out.println("<p class='hl-legend'><span class='hl-key hl-active'></span>active <span class='hl-key hl-stopped'></span>stopped"
                + " <span class='hl-key hl-held'></span>held <span class='hl-key hl-failed'></span>failed"
                + " &mdash; solid edge: depends (runs first, gates); dashed: a dependency on another event;"
                + " the number is the run position (0: not in the chain);"
                + " <span class='hl-mark hl-mark-critical'>double red border</span>: a critical plugin (fails closed);"
                + " <span class='hl-mark hl-mark-halting'>octagon</span>: a plugin seen halting calls"
                + " (<span class='hl-mark hl-mark-recent'>blue octagon</span>: within the last 15 minutes).</p>");
        int index = 0;
        for (String event : admin.events()) {
            ChainGraph graph;
            try {
                graph = ChainGraph.of(admin.chain(event), admin.plugins(event), lookup, System.currentTimeMillis());
            } catch (IllegalArgumentException gone) { // the event lost its last plugin meanwhile
                continue;
            }
            graphs.add(graph.toMap());
            out.println("<section class='hl-event' data-event='" + esc(event) + "'>");
            out.println("<h3>" + esc(event) + "</h3>");
            out.println("<div class='hl-graph' id='hl-graph-" + index++ + "' data-event='" + esc(event) + "'></div>");
            out.println("</section>");
        }
        if (graphs.isEmpty()) {
            out.println("<p>No event has a plugin yet.</p>");
        }

        out.println("<h2>Plugins</h2>");
        Map<String, HealthDTO> health = new LinkedHashMap<>();
        for (EventHealthDTO e : admin.health()) {
            for (HealthDTO h : e.plugins) {
                health.put(h.plugin, h);
            }
        }
        out.println("<table class='hl-table nicetable' id='hl-plugins'><thead><tr><th>Plugin</th><th>Event</th><th>Priority</th>"
                + "<th>Status</th><th>Reason</th><th>Health</th><th>Critical</th><th>Depends</th><th>Bundle</th><th>Record id</th>"
                + "<th>Last failure</th><th>Metrics</th>" + (isAdmin ? "<th>Actions</th>" : "") + "</tr></thead><tbody>");
        for (PluginDTO p : plugins) {
            HealthDTO h = health.get(p.name);
            out.println("<tr data-plugin='" + esc(p.name) + "' data-status='" + esc(p.status) + "'>"
                    + td(p.name) + td(p.event) + td(p.priority) + "<td class='hl-status'>" + esc(p.status) + "</td>"
                    + td(p.statusReason) + td(h == null ? "" : h.status + (h.message == null || h.message.isEmpty() ? "" : ": " + h.message))
                    + td(p.critical ? "yes" : "") + td(p.depends == null ? "" : String.join(", ", p.depends))
                    + td(p.bundle + " [" + p.bundleId + "]") + td(p.id) + td(p.lastFailure)
                    + "<td class='hl-metrics'>" + esc(MetricsText.of(p.metrics)) + "</td>"
                    + (isAdmin ? "<td>" + button("stop", "plugin", p.name) + button("enable", "plugin", p.name)
                            + button("restart", "plugin", p.name) + "</td>" : "")
                    + "</tr>");
        }
        out.println("</tbody></table>");
        out.println("<p class='hl-legend' id='hl-metrics-legend'>" + esc(MetricsText.legend(plugins)) + "</p>");

        Apps a = apps;
        out.println("<h2>Installed apps</h2>");
        if (a == null) {
            out.println("<p>The installer is not running (feature hookline-installer).</p>");
        } else {
            out.println("<table class='hl-table nicetable' id='hl-apps'><thead><tr><th>App</th><th>Version</th><th>Status</th>"
                    + "<th>Source</th><th>sha256</th><th>Signer</th><th>Bundles</th>" + (isAdmin ? "<th>Actions</th>" : "")
                    + "</tr></thead><tbody>");
            for (Map<String, Object> app : a.list()) {
                out.println("<tr data-app='" + esc(app.get("app")) + "'>" + td(app.get("app")) + td(app.get("version"))
                        + td(app.get("status") + (String.valueOf(app.get("failureReason")).isEmpty() ? "" : ": " + app.get("failureReason")))
                        + td(app.get("sourceType") + " " + app.get("source")) + "<td class='hl-sha'>" + esc(app.get("sha256")) + "</td>"
                        + td(app.get("signer")) + td(app.get("bundles"))
                        + (isAdmin ? "<td>" + button("uninstall", "app", String.valueOf(app.get("app"))) + "</td>" : "") + "</tr>");
            }
            out.println("</tbody></table>");
        }

        AuditLog log = audit;
        out.println("<h2>Audit trail</h2>");
        if (log == null) {
            out.println("<p>No audit log.</p>");
        } else {
            out.println("<table class='hl-table nicetable' id='hl-audit'><thead><tr><th>When</th><th>Who</th><th>Action</th>"
                    + "<th>Result</th><th>App / plugin</th><th>Version</th><th>sha256</th><th>Signer</th><th>Reason</th></tr></thead><tbody>");
            for (AuditEntry e : log.entries(AuditQuery.all().limit(AUDIT_ROWS))) {
                out.println("<tr>" + td(Instant.ofEpochMilli(e.when())) + td(e.who()) + td(e.action()) + td(e.result())
                        + td(e.app().isEmpty() ? e.plugin() : e.app()) + td(e.version()) + "<td class='hl-sha'>" + esc(e.sha256()) + "</td>"
                        + td(e.signer()) + td(e.reason()) + "</tr>");
            }
            out.println("</tbody></table>");
        }
        out.println("</div>");
        // JSON in a data block: Json escapes < > & so no value can end the element
        out.println("<script type='application/json' id='hl-data'>" + Json.write(Map.of("graphs", graphs)) + "</script>");
        out.println("<script src='" + esc(root) + "/hookline/res/dagre.min.js'></script>");
        out.println("<script src='" + esc(root) + "/hookline/res/cytoscape.min.js'></script>");
        out.println("<script src='" + esc(root) + "/hookline/res/hookline.js'></script>");
    }

    /**
     * An operator action: {@code verb} = stop | enable | restart | start with {@code plugin}, or
     * {@code uninstall} with {@code app}. Refused with 403 unless it comes from the console's origin,
     * carries the session's token and the user is an admin; 400 for a bad verb or a refused change.
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        String refusal = refusal(request);
        if (refusal != null) {
            reply(response, HttpServletResponse.SC_FORBIDDEN, false, refusal);
            return;
        }
        String verb = String.valueOf(request.getParameter("verb"));
        String user = String.valueOf(request.getAttribute("org.osgi.service.http.authentication.remote.user"));
        try {
            String message;
            if (PLUGIN_VERBS.contains(verb)) {
                String plugin = required(request, "plugin");
                PluginDTO after = switch (verb) {
                    case "stop" -> admin.stop(plugin);
                    case "enable" -> admin.enable(plugin);
                    case "restart" -> admin.restart(plugin);
                    default -> admin.start(plugin);
                };
                record(user, "plugin." + verb, AuditEntry.OK, "", plugin);
                message = verb + " " + plugin + ": now " + after.status;
            } else if ("uninstall".equals(verb)) {
                Apps a = apps;
                if (a == null) {
                    throw new IllegalStateException("the installer is not running: nothing to uninstall");
                }
                message = a.uninstall(required(request, "app"), "webconsole:" + user);
            } else {
                throw new IllegalArgumentException("unknown verb '" + verb + "': use stop, enable, restart, start or uninstall");
            }
            reply(response, HttpServletResponse.SC_OK, true, message);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (PLUGIN_VERBS.contains(verb)) {
                record(user, "plugin." + verb, AuditEntry.REFUSED, String.valueOf(e.getMessage()), String.valueOf(request.getParameter("plugin")));
            }
            reply(response, HttpServletResponse.SC_BAD_REQUEST, false, String.valueOf(e.getMessage()));
        }
    }

    /** @return why the action request must be refused, or null if it may run */
    String refusal(HttpServletRequest request) {
        String expected = request.getScheme() + "://" + request.getHeader("Host");
        String origin = request.getHeader("Origin");
        if (origin == null) {
            String referer = request.getHeader("Referer");
            origin = referer == null ? null : originOf(referer);
        }
        if (origin == null || !origin.equalsIgnoreCase(expected)) {
            return "refused: the request does not come from this console (Origin " + origin + ", expected " + expected + ")";
        }
        HttpSession session = request.getSession(false);
        Object token = session == null ? null : session.getAttribute(TOKEN_ATTRIBUTE);
        String sent = request.getHeader(TOKEN_HEADER);
        if (sent == null) {
            sent = request.getParameter("token");
        }
        if (token == null || sent == null || !MessageDigest.isEqual(token.toString().getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8))) {
            return "refused: missing or wrong token; reload the Hookline page and try again";
        }
        if (!roles.has(request, config.realm(), config.adminRole())) {
            return "refused: operator actions need the role " + config.adminRole();
        }
        return null;
    }

    private void record(String user, String action, String result, String reason, String plugin) {
        AuditLog log = audit;
        if (log != null) {
            log.append(AuditEntry.builder().who("webconsole:" + user).action(action).result(result).reason(reason)
                    .plugin(plugin).build());
        }
    }

    private static String originOf(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() == null || u.getRawAuthority() == null ? null : u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String required(HttpServletRequest request, String name) {
        String v = request.getParameter(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing parameter '" + name + "'");
        }
        return v;
    }

    private static void reply(HttpServletResponse response, int status, boolean ok, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().print(Json.write(Map.of("ok", ok, "message", message)));
    }

    /** The console sends none: no framing, no sniffing, no referrer, nothing cached, scripts and styles from here only. */
    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-store");
        // the console's own frame uses inline scripts and styles, hence 'unsafe-inline'; nothing from elsewhere
        response.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline';"
                + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self';"
                + " form-action 'self'; frame-ancestors 'none'");
    }

    private static String token(HttpSession session) {
        Object t = session.getAttribute(TOKEN_ATTRIBUTE);
        if (t == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            t = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(TOKEN_ATTRIBUTE, t);
        }
        return t.toString();
    }

    private static String appRoot(HttpServletRequest request) {
        Object root = request.getAttribute("felix.webconsole.appRoot");
        return root == null ? request.getContextPath() + "/system/console" : root.toString();
    }

    private static String td(Object value) {
        return "<td>" + esc(value) + "</td>";
    }

    private static String button(String verb, String kind, String target) {
        return "<button type='button' class='hl-action ui-state-default ui-corner-all' data-verb='" + esc(verb) + "' data-"
                + kind + "='" + esc(target) + "'>" + esc(verb) + "</button> ";
    }
}
