package io.hookline.installer;

import org.osgi.dto.DTO;

/** One bundle of an app. Public fields, per the OSGi DTO convention. */
public class ArtifactDTO extends DTO {
    /** The jar's file name in the app's folder under the extensions folder. */
    public String file;
    /** The jar's sha256, lower-case hex; checked again before a replay installs it. */
    public String sha256;
    /** The jar's size in bytes. */
    public long size;
    /** Its {@code Bundle-SymbolicName} (without directives). */
    public String symbolicName;
    /** Its {@code Bundle-Version}. */
    public String bundleVersion;
    /**
     * Who signed the jar (subject and sha256 fingerprint of the signer's certificate), "" if
     * unsigned or signatures are off.
     *
     * @since 1.1
     */
    public String signer;
    /** The framework's bundle id, or -1 if not installed (planned, or failed). */
    public long bundleId = -1;
    /** The bundle location: {@code hookline:<app>/<symbolic name>}. */
    public String location;
}
