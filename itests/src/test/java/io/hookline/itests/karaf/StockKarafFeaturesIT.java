package io.hookline.itests.karaf;

import static io.hookline.itests.karaf.KarafProcess.BOOT_DEADLINE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The features repository on a stock Apache Karaf 4.4.10 (the {@code apache-karaf} tar.gz, unpacked
 * by the build into {@code hookline.karaf.stock.dir}), as its README tells a Karaf user:
 * {@code feature:repo-add} of the repository's coordinates and {@code feature:install hookline}. The
 * engine feature alone brings the {@code hook:*} commands where the shell is, and the ACLs travel
 * with the features: a viewer is refused the verbs that change state. Maven resolves from the
 * build's local repository only (no remote repository).
 */
public class StockKarafFeaturesIT {

    private static final Pattern REFUSED = Pattern.compile("Insufficient credentials|Command not found");
    private static final Duration INSTALL_DEADLINE = Duration.ofSeconds(60);

    private KarafProcess karaf;

    @Before
    public void setUp() throws Exception {
        String dir = System.getProperty("hookline.karaf.stock.dir");
        assumeTrue("not in the karaf failsafe execution", dir != null);
        Path unpacked = Path.of(dir);
        karaf = new KarafProcess(unpacked, unpacked.resolve("console"));
        karaf.useFreePorts();
        // stock Karaf ships every user commented out: an admin and a viewer, as an operator would add them
        Files.writeString(karaf.home().resolve("etc/users.properties"), "karaf = karaf,_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n"
                + "viewer = viewer,_g_:viewergroup\n"
                + "_g_\\:viewergroup = group,viewer,ssh\n");
        karaf.configure("org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", "");
        karaf.configure("org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                System.getProperty("org.ops4j.pax.url.mvn.localRepository"));
    }

    @After
    public void tearDown() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void hooklineFeatureBringsTheCommandsAndTheAclsRefuseAViewer() throws Exception {
        karaf.start(true);
        karaf.awaitClient("feature:repo-list", out -> out.contains("standard"), BOOT_DEADLINE, "Karaf's shell");
        Path hookAcl = karaf.home().resolve("etc/org.apache.karaf.command.acl.hook.cfg");
        assertFalse("a stock Karaf has no hook ACL of its own", Files.exists(hookAcl));

        String version = System.getProperty("project.version");
        String added = karaf.client("feature:repo-add mvn:io.hookline/io.hookline.features/" + version + "/xml/features");
        assertFalse(added, added.contains("Error"));
        String installed = karaf.client("feature:install hookline hookline-installer");
        assertFalse(installed, installed.contains("Error"));
        karaf.awaitClient("hook:list", StockKarafFeaturesIT::answered, INSTALL_DEADLINE,
                "hook:* commands from feature:install hookline");
        assertTrue("the hook ACL came with the feature", Files.isRegularFile(hookAcl));
        assertTrue(Files.readString(hookAcl).contains("stop = admin"));

        String list = karaf.clientAs("viewer", "viewer", "hook:list");
        assertFalse("a viewer may list:\n" + list, REFUSED.matcher(list).find());
        for (String verb : new String[] {"stop", "enable", "start", "restart", "unregister"}) {
            String out = karaf.clientAs("viewer", "viewer", "hook:" + verb + " any-plugin");
            assertTrue("a viewer is refused hook:" + verb + " on a stock Karaf:\n" + out, REFUSED.matcher(out).find());
        }
        karaf.awaitClient("installer:list", StockKarafFeaturesIT::answered, INSTALL_DEADLINE, "installer:* commands");
        String install = karaf.clientAs("viewer", "viewer", "installer:install --path /nonexistent.jar");
        assertTrue("a viewer is refused installer:install on a stock Karaf:\n" + install, REFUSED.matcher(install).find());

        String shell = karaf.client("feature:install hookline-shell");
        assertFalse(shell, shell.contains("Error"));
    }

    /** A command that exists and printed something (an empty table still prints its header). */
    private static boolean answered(String out) {
        return !out.isBlank() && !REFUSED.matcher(out).find();
    }
}
