package io.hookline.installer.internal.gate;

import io.hookline.event.EventHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.osgi.framework.Bundle;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The plugins a bundle declares: the DS component descriptions its {@code Service-Component}
 * header names whose properties carry {@value EventHandler#EVENT}. A plugin's name is its
 * {@value EventHandler#PLUGIN} (or {@value EventHandler#PLUGIN_NAME_ALIAS}) property, else the
 * component name, as the engine names it. Disabled components, factory components and components
 * that require a configuration are left out (they register only when someone asks or configures
 * them, perhaps long after the install). Why: the health gate must wait for what the app promises
 * to register, not pass before SCR got to it. The descriptors are an app's, so hostile input: the
 * parser refuses DTDs and external entities, and an unreadable descriptor declares nothing (the
 * bundle's own registration then decides). Threading: stateless.
 */
public final class DeclaredPlugins {

    private static final int MAX_DESCRIPTOR_BYTES = 1 << 20;

    private DeclaredPlugins() {
    }

    /** @return the names of the plugins the bundle declares, in descriptor order */
    public static Set<String> of(Bundle bundle) {
        Set<String> names = new LinkedHashSet<>();
        String header = bundle.getHeaders("").get("Service-Component");
        if (header == null || header.isBlank()) {
            return names;
        }
        for (String path : header.split(",")) {
            String p = path.trim();
            if (p.isEmpty()) {
                continue;
            }
            for (URL url : entries(bundle, p)) {
                try (InputStream in = url.openStream()) {
                    names.addAll(parse(in.readNBytes(MAX_DESCRIPTOR_BYTES + 1)));
                } catch (IOException | RuntimeException unreadable) {
                    // SCR will not make a component of it either
                }
            }
        }
        return names;
    }

    private static List<URL> entries(Bundle bundle, String path) {
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "/" : path.substring(0, slash);
        String file = path.substring(slash + 1);
        if (file.contains("*")) {
            Enumeration<URL> found = bundle.findEntries(dir, file, false);
            return found == null ? List.of() : Collections.list(found);
        }
        URL url = bundle.getEntry(path);
        return url == null ? List.of() : List.of(url);
    }

    /**
     * @param descriptor one DS component description document
     * @return the plugin names it declares
     */
    public static List<String> parse(byte[] descriptor) {
        List<String> names = new ArrayList<>();
        if (descriptor.length > MAX_DESCRIPTOR_BYTES) {
            return names;
        }
        Element root;
        try {
            root = builder().parse(new java.io.ByteArrayInputStream(descriptor)).getDocumentElement();
        } catch (SAXException | IOException | ParserConfigurationException e) {
            return names;
        }
        List<Element> components = new ArrayList<>();
        if ("component".equals(root.getLocalName())) {
            components.add(root);
        } else {
            children(root, "component", components);
        }
        for (Element c : components) {
            if ("false".equals(c.getAttribute("enabled")) || !c.getAttribute("factory").isEmpty()
                    || "require".equals(c.getAttribute("configuration-policy"))) {
                continue;
            }
            String event = null;
            String plugin = null;
            String alias = null;
            List<Element> props = new ArrayList<>();
            children(c, "property", props);
            for (Element p : props) {
                String value = p.hasAttribute("value") ? p.getAttribute("value") : p.getTextContent().trim();
                switch (p.getAttribute("name")) {
                    case EventHandler.EVENT -> event = value;
                    case EventHandler.PLUGIN -> plugin = value;
                    case EventHandler.PLUGIN_NAME_ALIAS -> alias = value;
                    default -> { }
                }
            }
            if (event == null || event.isEmpty()) {
                continue;
            }
            String name = plugin != null && !plugin.isEmpty() ? plugin
                    : alias != null && !alias.isEmpty() ? alias : c.getAttribute("name");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static void children(Element parent, String localName, List<Element> out) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
    }

    private static DocumentBuilder builder() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
        return b;
    }
}
