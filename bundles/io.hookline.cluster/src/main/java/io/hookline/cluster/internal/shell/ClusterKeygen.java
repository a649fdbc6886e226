package io.hookline.cluster.internal.shell;

import io.hookline.cluster.internal.ClusterKeyGenerator;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * {@code hcluster:keygen [path]}: writes a new cluster's credentials, a PKCS12 keystore with a
 * fresh AES-256 key, by default {@code ${karaf.etc}/hookline-cluster.p12}; never overwrites (admin).
 * Needs no running cluster: it is how a first node gets its key.
 */
@Service
@Command(scope = "hcluster", name = "keygen", description = "Generates the credentials of a new cluster: a PKCS12"
        + " keystore holding a fresh AES-256 key (default ${karaf.etc}/hookline-cluster.p12), to copy to every node."
        + " Refuses to overwrite an existing file.")
public class ClusterKeygen implements Action {

    @Argument(index = 0, name = "path", required = false,
            description = "absolute path of the keystore to create (default ${karaf.etc}/hookline-cluster.p12)")
    @Completion(FileCompleter.class)
    String path;

    @Option(name = "-p", aliases = "--password", description = "keystore password (default: a random one, printed once)")
    String password;

    @Option(name = "-a", aliases = "--alias", description = "key alias (default hookline-cluster)")
    String alias = "hookline-cluster";

    @Override
    public Object execute() {
        Path file;
        if (path == null || path.isBlank()) {
            String etc = System.getProperty("karaf.etc");
            if (etc == null || etc.isBlank()) {
                throw new IllegalArgumentException("karaf.etc is not set: give an absolute path");
            }
            file = Path.of(etc, "hookline-cluster.p12");
        } else {
            file = Path.of(path);
        }
        boolean generated = password == null || password.isEmpty();
        char[] secret = (generated ? ClusterKeyGenerator.password(24) : password).toCharArray();
        try {
            ClusterKeyGenerator.generate(file, secret, alias);
            System.out.println("Wrote " + file + " (AES-256, alias " + alias + "). Copy it to every node, then set in"
                    + " etc/io.hookline.cluster.cfg:");
            System.out.println("  keystore.path = " + file);
            System.out.println("  keystore.password = " + (generated ? new String(secret) + "   (generated: keep it, it is not shown again)" : "<the password you gave>"));
            if (!alias.equals("hookline-cluster")) {
                System.out.println("  key.alias = " + alias);
            }
        } finally {
            Arrays.fill(secret, '\0');
        }
        return null;
    }
}
