package io.hookline.installer.internal;

import static io.hookline.installer.InstallException.Reason.*;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hookline.installer.AppDTO;
import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.internal.InstallerSettings.SignaturePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code signature.policy} (issue 8, item 19) with jars signed here by throwaway keys made with the
 * JDK's keytool and jarsigner: a pinned signer installs and is recorded; unsigned, tampered (an
 * entry, the manifest's OSGi headers), partly signed and wrongly signed jars are refused with
 * {@code SIGNATURE_INVALID} / {@code SIGNER_NOT_TRUSTED} and leave nothing behind.
 */
public class SignaturePolicyIT extends EngineTestSupport {

    @ClassRule
    public static TemporaryFolder keys = new TemporaryFolder();

    private static Path trustedPem;
    private static byte[] signedByTrusted;
    private static byte[] signedByStranger;
    private static byte[] unsigned;
    private static String trustedSubject;

    private SignaturePolicy policy = SignaturePolicy.REQUIRED;
    private boolean pin = true;

    @BeforeClass
    public static void sign() throws Exception {
        Path dir = keys.getRoot().toPath();
        unsigned = quiet("com.acme.signed", "1.0.0").entry("data.txt", "payload").bytes();
        keytool(dir, "-genkeypair", "-alias", "trusted", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Acme Release", "-validity", "2");
        keytool(dir, "-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Acme Release", "-validity", "2");
        trustedPem = dir.resolve("trusted.pem");
        keytool(dir, "-exportcert", "-rfc", "-alias", "trusted", "-file", trustedPem.toString());
        signedByTrusted = jarsign(dir, unsigned, "trusted");
        signedByStranger = jarsign(dir, unsigned, "stranger");
        trustedSubject = "CN=Acme Release";
    }

    private static void keytool(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(tool("keytool")));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-keystore", dir.resolve("keys.p12").toString(), "-storetype", "PKCS12",
                "-storepass", "changeit"));
        if (args[0].equals("-genkeypair")) {
            cmd.addAll(List.of("-keypass", "changeit"));
        }
        run(cmd);
    }

    private static byte[] jarsign(Path dir, byte[] jar, String alias) throws Exception {
        Path file = dir.resolve(alias + ".jar");
        Files.write(file, jar);
        run(List.of(tool("jarsigner"), "-keystore", dir.resolve("keys.p12").toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", file.toString(), alias));
        return Files.readAllBytes(file);
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
    }

    @Override
    protected InstallerSettings.Builder settings() {
        InstallerSettings.Builder b = InstallerSettings.builder(extensions).signaturePolicy(policy);
        return pin ? b.trustStore(trustedPem) : b;
    }

    private void reboot(SignaturePolicy p, boolean pinned) {
        policy = p;
        pin = pinned;
        engine.close();
        engine = new InstallerEngine(settings().build(), store, felix.context(), () -> gate);
    }

    private InstallRequest request(String name, byte[] jar) {
        try {
            return InstallRequest.path(writeFile(name, jar)).app("signed");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Rewrites a jar entry by entry, replacing {@code entry}'s bytes (or adding it). */
    private static byte[] rewrite(byte[] jar, String entry, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean replaced = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(entry)) {
                    zip.write(content);
                    replaced = true;
                } else {
                    zip.write(in.readAllBytes());
                }
                zip.closeEntry();
            }
            if (!replaced) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static String manifestOf(byte[] jar) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no manifest");
    }

    @Test
    public void aJarSignedByThePinnedSignerInstallsAndTheSignerIsRecorded() throws Exception {
        AppDTO app = engine.install(request("good.jar", signedByTrusted));
        assertTrue(app.signer, app.signer.startsWith(trustedSubject + " (sha256 "));
        assertEquals(app.signer, app.artifacts[0].signer);
        restart(false);
        assertEquals(app.signer, engine.get("signed").orElseThrow().signer);
        assertEquals(app.signer, engine.get("signed").orElseThrow().artifacts[0].signer);
    }

    @Test
    public void anUnsignedJarIsRefusedWhenSignaturesAreRequired() throws Exception {
        assertRefused(request("plain.jar", unsigned), SIGNATURE_INVALID,
                "jar plain.jar is not signed, and signature.policy is required (PID io.hookline.installer)");
    }

    @Test
    public void aJarSignedByAnotherKeyIsNotTrusted() throws Exception {
        InstallException e = assertRefused(() -> engine.install(request("stranger.jar", signedByStranger)),
                SIGNER_NOT_TRUSTED, x -> { });
        assertTrue(e.getMessage(), e.getMessage().startsWith("jar stranger.jar is signed by CN=Acme Release (sha256 "));
        assertTrue(e.getMessage(), e.getMessage().endsWith(", which is not a pinned signer (signature.truststore in"
                + " PID io.hookline.installer)"));
    }

    @Test
    public void aTamperedEntryIsInvalid() throws Exception {
        byte[] tampered = rewrite(signedByTrusted, "data.txt", "PAYLOAD".getBytes(StandardCharsets.UTF_8));
        InstallException e = assertRefused(() -> engine.install(request("tampered.jar", tampered)), SIGNATURE_INVALID,
                x -> { });
        assertTrue(e.getMessage(), e.getMessage().startsWith("jar tampered.jar entry 'data.txt' does not match its"
                + " signature: "));
    }

    @Test
    public void tamperedOsgiHeadersAreInvalid() throws Exception {
        String manifest = manifestOf(signedByTrusted).replace("Bundle-Version: 1.0.0", "Bundle-Version: 9.0.0");
        byte[] tampered = rewrite(signedByTrusted, "META-INF/MANIFEST.MF", manifest.getBytes(StandardCharsets.UTF_8));
        InstallException e = assertRefused(() -> engine.install(request("headers.jar", tampered)), SIGNATURE_INVALID,
                x -> { });
        assertTrue(e.getMessage(), e.getMessage().startsWith("jar headers.jar "));
    }

    @Test
    public void anEntryAddedAfterSigningIsInvalid() throws Exception {
        byte[] added = rewrite(signedByTrusted, "extra.txt", "sneaked in".getBytes(StandardCharsets.UTF_8));
        assertRefused(request("added.jar", added), SIGNATURE_INVALID,
                "jar added.jar is signed but its entries [extra.txt] are not covered by the signature");
    }

    @Test
    public void ifSignedAcceptsUnsignedJarsButNotBrokenOrStrangeSignatures() throws Exception {
        reboot(SignaturePolicy.IF_SIGNED, true);
        assertEquals("", engine.install(request("plain.jar", unsigned)).signer);
        engine.uninstall("signed");
        assertRefused(() -> engine.install(request("stranger.jar", signedByStranger)), SIGNER_NOT_TRUSTED, x -> { });
        byte[] tampered = rewrite(signedByTrusted, "data.txt", "PAYLOAD".getBytes(StandardCharsets.UTF_8));
        assertRefused(() -> engine.install(request("tampered.jar", tampered)), SIGNATURE_INVALID, x -> { });
    }

    @Test
    public void aBrokenTrustStoreTrustsNoSigner() throws Exception {
        policy = SignaturePolicy.REQUIRED;
        engine.close();
        engine = new InstallerEngine(InstallerSettings.builder(extensions).signaturePolicy(SignaturePolicy.REQUIRED)
                .trustStore(root.resolve("missing.pem")).build(), store, felix.context(), () -> gate);
        InstallException e = assertRefused(() -> engine.install(request("good.jar", signedByTrusted)),
                SIGNER_NOT_TRUSTED, x -> { });
        assertTrue(e.getMessage(), e.getMessage().contains("but no signer can be trusted: signature.truststore "
                + root.resolve("missing.pem") + " cannot be read: "));
    }

    @Test
    public void offIgnoresSignatures() throws Exception {
        reboot(SignaturePolicy.OFF, false);
        byte[] tampered = rewrite(signedByTrusted, "data.txt", "PAYLOAD".getBytes(StandardCharsets.UTF_8));
        assertEquals("", engine.install(request("tampered.jar", tampered)).signer);
    }
}
