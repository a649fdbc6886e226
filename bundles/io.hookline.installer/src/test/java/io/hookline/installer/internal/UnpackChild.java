package io.hookline.installer.internal;

import io.hookline.installer.InstallException;
import io.hookline.installer.internal.fetch.ArchiveUnpacker;
import io.hookline.installer.internal.fetch.ArtifactKind;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a child JVM with a small heap by HostileInputIT: unpacks a zip, prints the refusal. */
public final class UnpackChild {

    private UnpackChild() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[1]));
        InstallerSettings settings = InstallerSettings.builder(out.resolveSibling("ext")).maxEntries(20).build();
        try {
            new ArchiveUnpacker(settings).unpack(Path.of(args[0]), ArtifactKind.ZIP, out, "million.zip");
            System.out.println("unpacked");
        } catch (InstallException e) {
            System.out.println(e.describe());
        } catch (OutOfMemoryError e) {
            System.out.println("OutOfMemoryError");
        }
    }
}
