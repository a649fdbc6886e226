package io.hookline.installer.internal;

import static io.hookline.installer.InstallException.Reason.PROTECTED_BUNDLE;
import static org.junit.Assert.assertEquals;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallRequest;
import java.io.ByteArrayInputStream;
import org.junit.Test;
import org.osgi.framework.Bundle;

/**
 * Probes that took over or shadowed protected code in the security review (issue 8, holes 2 and
 * 3): framework extensions, fragments of protected hosts, exports of Hookline's or a protected
 * bundle's packages, the engine's capability, names in another case. Each is refused with
 * {@code PROTECTED_BUNDLE}, its message, and nothing left behind.
 */
public class ProtectionEscapeIT extends EngineTestSupport {

    @Override
    protected InstallerSettings.Builder settings() {
        return InstallerSettings.builder(extensions).protect("com.corp.*");
    }

    private InstallRequest jar(String name, Fixtures.BundleJar b) throws Exception {
        return InstallRequest.path(writeFile(name, b.bytes())).app("x").version("1.0.0");
    }

    @Test
    public void frameworkExtensionsAreRefused() throws Exception {
        String[] hosts = {"system.bundle; extension:=framework", "System.Bundle;extension:=\"framework\"",
            "org.apache.felix.framework; extension:=bootclasspath", "com.acme.any;extension:=framework"};
        int i = 0;
        for (String host : hosts) {
            String shown = host.split(";")[0].trim();
            String ext = host.substring(host.indexOf(":=") + 2).replace("\"", "");
            assertRefused(jar("ext" + i++ + ".jar", Fixtures.bundle("com.acme.ext", "1.0.0").header("Fragment-Host", host)),
                    PROTECTED_BUNDLE, "bundle com.acme.ext is a framework extension (Fragment-Host: " + shown
                            + "; extension:=" + ext + "); extensions change the framework itself and are never installed");
        }
    }

    @Test
    public void fragmentsOfProtectedHostsAreRefused() throws Exception {
        String[][] cases = {{"system.bundle", "system.bundle"}, {"SYSTEM.BUNDLE", "system.bundle"},
            {"org.apache.felix.framework", "org.apache.felix.*"}, {"io.hookline.core", "io.hookline.*"},
            {"IO.Hookline.Core;bundle-version=\"[1,2)\"", "io.hookline.*"}, {"com.corp.secret", "com.corp.*"},
            {"org.apache.karaf.shell.core", "org.apache.karaf.*"}};
        int i = 0;
        for (String[] c : cases) {
            String shown = c[0].split(";")[0];
            assertRefused(jar("frag" + i++ + ".jar", Fixtures.bundle("com.acme.frag", "1.0.0").header("Fragment-Host", c[0])),
                    PROTECTED_BUNDLE, "bundle com.acme.frag is a fragment of protected bundle " + shown + " (pattern "
                            + c[1] + ")");
        }
    }

    @Test
    public void protectedNamesMatchInAnyCase() throws Exception {
        assertRefused(jar("c.jar", quiet("IO.Hookline.Core", "9.0.0")), PROTECTED_BUNDLE,
                "bundle IO.Hookline.Core is protected (pattern io.hookline.*)");
        assertRefused(jar("k.jar", quiet("Org.Apache.Karaf.Shell.Core", "9.0.0")), PROTECTED_BUNDLE,
                "bundle Org.Apache.Karaf.Shell.Core is protected (pattern org.apache.karaf.*)");
        assertRefused(jar("s.jar", quiet("COM.CORP.Secret", "1.0.0")), PROTECTED_BUNDLE,
                "bundle COM.CORP.Secret is protected (pattern com.corp.*)");
        assertRefused(InstallRequest.path(writeFile("n.jar", quiet("com.acme.n", "1.0.0").bytes())).app("io.hookline2"),
                PROTECTED_BUNDLE, "app name io.hookline2 is protected (pattern io.hookline*)");
    }

    @Test
    public void exportsOfHooklinePackagesAreRefused() throws Exception {
        String[][] cases = {{"io.hookline.event;version=1.99", "io.hookline.event"},
            {"IO.HOOKLINE.event;version=\"1.99\"", "IO.HOOKLINE.event"},
            {"com.acme.a;uses:=\"x,y\",io.hookline.event.spi;version=2", "io.hookline.event.spi"},
            {"com.acme.b;com.acme.c;io.hookline;version=1", "io.hookline"}};
        int i = 0;
        for (String[] c : cases) {
            assertRefused(jar("sh" + i++ + ".jar", quiet("com.acme.shadow", "1.0.0").header("Export-Package", c[0])),
                    PROTECTED_BUNDLE, "bundle com.acme.shadow exports package " + c[1]
                            + ", which is Hookline's (pattern io.hookline.*)");
        }
        assertRefused(jar("o.jar", quiet("com.acme.shadow", "1.0.0").header("Export-Package", "org.osgi.framework;version=9")),
                PROTECTED_BUNDLE, "bundle com.acme.shadow exports package org.osgi.framework, which is protected (pattern"
                        + " org.osgi.*)");
    }

    @Test
    public void exportsAndCapabilitiesOfProtectedBundlesInTheFrameworkAreRefused() throws Exception {
        Bundle lib = felix.context().installBundle("test:corp", new ByteArrayInputStream(
                Fixtures.bundle("com.corp.lib", "1.0.0").header("Export-Package", "org.shared.api;version=1")
                        .header("Provide-Capability", "osgi.extender;osgi.extender=\"corp.extender\";version:Version=1")
                        .bytes()));
        try {
            assertRefused(jar("p.jar", quiet("com.acme.shadow", "1.0.0").header("Export-Package", "org.shared.api;version=2")),
                    PROTECTED_BUNDLE, "bundle com.acme.shadow exports package org.shared.api, which protected bundle"
                            + " com.corp.lib [" + lib.getBundleId() + "] exports");
            assertRefused(jar("q.jar", quiet("com.acme.shadow", "1.0.0").header("Provide-Capability",
                    "osgi.extender;osgi.extender=corp.extender;version:Version=2")), PROTECTED_BUNDLE,
                    "bundle com.acme.shadow provides capability osgi.extender=corp.extender, which protected bundle"
                            + " com.corp.lib [" + lib.getBundleId() + "] provides");
        } finally {
            lib.uninstall();
        }
    }

    @Test
    public void theEnginesCapabilityIsRefused() throws Exception {
        assertRefused(jar("e.jar", quiet("com.acme.fake", "1.0.0").header("Provide-Capability",
                "osgi.implementation;osgi.implementation=\"hookline\";version:Version=\"1.0\"")), PROTECTED_BUNDLE,
                "bundle com.acme.fake provides capability osgi.implementation=hookline, which is the Hookline engine's");
    }

    @Test
    public void theEnginesCapabilityInAListIsRefused() throws Exception {
        // a List<String> attribute matches (osgi.implementation=hookline) in the resolver if any element does
        String[][] cases = {{"osgi.implementation;osgi.implementation:List<String>=\"hookline,com.acme\"", "hookline"},
            {"osgi.implementation;osgi.implementation:List<String>=\"com.acme, hookline\";version:Version=1", "hookline"},
            {"osgi.implementation;osgi.implementation:List=\"a,io.hookline.x\"", "io.hookline.x"}};
        int i = 0;
        for (String[] c : cases) {
            assertRefused(jar("l" + i++ + ".jar", quiet("com.acme.fake", "1.0.0").header("Provide-Capability", c[0])),
                    PROTECTED_BUNDLE, "bundle com.acme.fake provides capability osgi.implementation=" + c[1]
                            + ", which is the Hookline engine's");
        }
    }

    @Test
    public void aProtectedBundlesCapabilityInAListIsRefused() throws Exception {
        Bundle lib = felix.context().installBundle("test:corp", new ByteArrayInputStream(
                Fixtures.bundle("com.corp.lib", "1.0.0")
                        .header("Provide-Capability", "osgi.extender;osgi.extender=\"corp.extender\";version:Version=1")
                        .bytes()));
        try {
            assertRefused(jar("ql.jar", quiet("com.acme.shadow", "1.0.0").header("Provide-Capability",
                    "osgi.extender;osgi.extender:List<String>=\"other,corp.extender\";version:Version=2")), PROTECTED_BUNDLE,
                    "bundle com.acme.shadow provides capability osgi.extender=corp.extender, which protected bundle"
                            + " com.corp.lib [" + lib.getBundleId() + "] provides");
        } finally {
            lib.uninstall();
        }
    }

    @Test
    public void ordinaryExportsAndFragmentsStillInstall() throws Exception {
        byte[] zip = Fixtures.zip(Fixtures.Entry.file("host.jar", quiet("com.acme.host", "1.0.0")
                .header("Export-Package", "com.acme.api;version=1").bytes()),
                Fixtures.Entry.file("frag.jar", Fixtures.bundle("com.acme.hostfrag", "1.0.0")
                        .header("Fragment-Host", "com.acme.host").bytes()));
        AppDTO app = engine.install(InstallRequest.path(writeFile("hf.zip", zip)).app("hostfrag").version("1.0.0"));
        assertEquals(2, app.artifacts.length);
    }
}
