package io.hookline.installer.internal.deploy;

import static io.hookline.installer.InstallException.Reason.*;

import io.hookline.installer.InstallException;
import io.hookline.installer.internal.InstallerSettings;
import io.hookline.installer.internal.InstallerSettings.SignaturePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Applies {@code signature.policy} to one jar the way {@code jarsigner -verify} checks it: every
 * entry is read through a verifying {@link JarFile}, so each digest is checked against the
 * manifest and the manifest (main attributes included, where OSGi headers live) against the
 * signature file; every entry outside the signature files must be signed, all by one common
 * signer, and that signer's certificate must be one of the pinned certificates
 * ({@code signature.truststore}). Certificates are pinned exactly (no chain building, no expiry
 * check: a pinned certificate is trusted until it is removed from the trust store). Reading is
 * bounded by {@code max.unpacked.bytes}. Threading: stateless apart from immutable settings.
 */
public final class JarSignatures {

    private final InstallerSettings settings;

    public JarSignatures(InstallerSettings settings) {
        this.settings = settings;
    }

    /**
     * @param jar the jar
     * @param label its name in messages
     * @return the signer ({@link #describe}) or "" when the jar is unsigned and the policy allows that
     * @throws InstallException {@code SIGNATURE_INVALID} or {@code SIGNER_NOT_TRUSTED}
     */
    public String verify(Path jar, String label) {
        SignaturePolicy policy = settings.signaturePolicy;
        if (policy == SignaturePolicy.OFF) {
            return "";
        }
        Set<X509Certificate> common = null;
        List<String> unsigned = new ArrayList<>();
        boolean anySigned = false;
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            if (!hasSignatureFile(file)) {
                // no .SF: nothing can be signed, so reading every entry would find no signer either
                if (policy == SignaturePolicy.REQUIRED) {
                    throw new InstallException(SIGNATURE_INVALID, "jar " + label + " is not signed, and"
                            + " signature.policy is required (PID io.hookline.installer)");
                }
                return "";
            }
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                try (InputStream in = file.getInputStream(e)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        total += n;
                        if (total > settings.maxUnpackedBytes) {
                            throw new InstallException(ARCHIVE_TOO_LARGE, "jar " + label + " unpacks to more than the"
                                    + " maximum of " + settings.maxUnpackedBytes + " bytes (at '" + e.getName() + "')");
                        }
                    }
                } catch (SecurityException se) {
                    throw new InstallException(SIGNATURE_INVALID, "jar " + label + " entry '" + e.getName()
                            + "' does not match its signature: " + se.getMessage(), se);
                }
                if (e.isDirectory() || isSignatureFile(e.getName())) {
                    continue;
                }
                CodeSigner[] signers = e.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    unsigned.add(e.getName());
                    continue;
                }
                anySigned = true;
                Set<X509Certificate> leaves = new LinkedHashSet<>();
                for (CodeSigner s : signers) {
                    List<? extends Certificate> path = s.getSignerCertPath().getCertificates();
                    if (!path.isEmpty() && path.get(0) instanceof X509Certificate x) {
                        leaves.add(x);
                    }
                }
                if (common == null) {
                    common = leaves;
                } else {
                    common.retainAll(leaves);
                }
            }
        } catch (InstallException e) {
            throw e;
        } catch (SecurityException e) {
            throw new InstallException(SIGNATURE_INVALID, "jar " + label + " has an invalid signature: "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new InstallException(SIGNATURE_INVALID, "jar " + label + " cannot be verified: " + e.getMessage(), e);
        }
        if (!anySigned) {
            if (policy == SignaturePolicy.REQUIRED) {
                throw new InstallException(SIGNATURE_INVALID, "jar " + label + " is not signed, and signature.policy"
                        + " is required (PID io.hookline.installer)");
            }
            return "";
        }
        if (!unsigned.isEmpty()) {
            throw new InstallException(SIGNATURE_INVALID, "jar " + label + " is signed but its entries "
                    + (unsigned.size() > 5 ? unsigned.subList(0, 5) + " and " + (unsigned.size() - 5) + " more"
                    : unsigned) + " are not covered by the signature");
        }
        if (common.isEmpty()) {
            throw new InstallException(SIGNATURE_INVALID, "jar " + label + " is not signed by one signer for all of"
                    + " its entries");
        }
        if (settings.trustStoreError != null) {
            throw new InstallException(SIGNER_NOT_TRUSTED, "jar " + label + " is signed by "
                    + describe(common.iterator().next()) + ", but no signer can be trusted: " + settings.trustStoreError);
        }
        for (X509Certificate c : common) {
            if (settings.trustedSigners.contains(c)) {
                return describe(c);
            }
        }
        if (policy == SignaturePolicy.IF_SIGNED && settings.trustedSigners.isEmpty()) {
            return describe(common.iterator().next());
        }
        throw new InstallException(SIGNER_NOT_TRUSTED, "jar " + label + " is signed by "
                + describe(common.iterator().next()) + ", which is not a pinned signer (signature.truststore in PID"
                + " io.hookline.installer)");
    }

    /** @return {@code subject (sha256 AB:CD:...)} */
    public static String describe(X509Certificate c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return c.getSubjectX500Principal().getName() + " (sha256 "
                    + HexFormat.ofDelimiter(":").withUpperCase().formatHex(d) + ")";
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return c.getSubjectX500Principal().getName();
        }
    }

    private static boolean hasSignatureFile(JarFile file) {
        Enumeration<JarEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
            String n = entries.nextElement().getName().toUpperCase(Locale.ROOT);
            if (n.startsWith("META-INF/") && n.endsWith(".SF") && n.indexOf('/', "META-INF/".length()) < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("META-INF/") || n.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return n.equals("META-INF/MANIFEST.MF") || n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA")
                || n.endsWith(".EC") || n.startsWith("META-INF/SIG-");
    }
}
