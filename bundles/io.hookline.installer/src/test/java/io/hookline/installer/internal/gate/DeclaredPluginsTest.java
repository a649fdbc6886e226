package io.hookline.installer.internal.gate;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/** What a DS descriptor declares as plugins, and what a hostile one declares: nothing. */
public class DeclaredPluginsTest {

    private static List<String> parse(String xml) {
        return DeclaredPlugins.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String component(String attrs, String props) {
        return "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" " + attrs + ">"
                + "<implementation class=\"a.B\"/>" + props + "</scr:component>";
    }

    @Test
    public void pluginNameFromPropertyAliasOrComponentName() {
        assertEquals(List.of("p"), parse(component("name=\"c\"",
                "<property name=\"hookline.event\" value=\"e\"/><property name=\"hookline.plugin\" value=\"p\"/>")));
        assertEquals(List.of("alias"), parse(component("name=\"c\"",
                "<property name=\"hookline.event\" value=\"e\"/><property name=\"hookline.name\" value=\"alias\"/>")));
        assertEquals(List.of("c"), parse(component("name=\"c\"", "<property name=\"hookline.event\" value=\"e\"/>")));
    }

    @Test
    public void componentsWithoutEventDisabledOrFactoryAreNotPlugins() {
        assertEquals(List.of(), parse(component("name=\"c\"", "<property name=\"other\" value=\"e\"/>")));
        assertEquals(List.of(), parse(component("name=\"c\" enabled=\"false\"",
                "<property name=\"hookline.event\" value=\"e\"/>")));
        assertEquals(List.of(), parse(component("name=\"c\" factory=\"f\"",
                "<property name=\"hookline.event\" value=\"e\"/>")));
    }

    /**
     * A plugin whose component needs a configuration (an API key the operator sets after the
     * install) registers only once configured: the gate must not wait for it, or it refuses
     * every install of a valid app after its timeout.
     */
    @Test
    public void componentsThatRequireConfigurationAreNotWaitedFor() {
        assertEquals(List.of(), parse(component("name=\"c\" configuration-policy=\"require\"",
                "<property name=\"hookline.event\" value=\"e\"/>")));
        assertEquals(List.of("c"), parse(component("name=\"c\" configuration-policy=\"optional\"",
                "<property name=\"hookline.event\" value=\"e\"/>")));
    }

    @Test
    public void severalComponentsInOneDocument() {
        assertEquals(List.of("a", "b"), parse("<components>"
                + component("name=\"a\"", "<property name=\"hookline.event\" value=\"e\"/>")
                + component("name=\"b\"", "<property name=\"hookline.event\">e</property>") + "</components>"));
    }

    @Test
    public void doctypeAndEntitiesAreRefused() {
        assertEquals(List.of(), parse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + component("name=\"&e;\"", "<property name=\"hookline.event\" value=\"e\"/>")));
        assertEquals(List.of(), parse("not xml"));
    }
}
