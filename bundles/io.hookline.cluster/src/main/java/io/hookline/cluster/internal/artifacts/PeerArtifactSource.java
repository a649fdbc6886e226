package io.hookline.cluster.internal.artifacts;

import io.hookline.cluster.internal.PeerArtifacts;
import io.hookline.installer.spi.ArtifactRepository;
import io.hookline.installer.spi.ArtifactSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The installer's {@link ArtifactSource} over the cluster: fetches an artifact by sha256 from the
 * first peer that holds it (through {@link PeerArtifacts}, the channel's artifact lane), and serves
 * this node's {@link ArtifactRepository} (the installer's stored jars) to peers. The cap is the
 * smaller of {@code max.bytes} and what the installer asks for. The only class of the bundle that
 * names the installer's SPI: where the installer is absent its references are never satisfied, the
 * class is never loaded, and the cluster replicates as before. Threading: see {@link PeerArtifacts};
 * stateless apart from the immutable settings.
 */
@Component(name = PeerArtifactSource.PID, configurationPid = PeerArtifactSource.PID, service = ArtifactSource.class,
        immediate = true)
@Designate(ocd = PeerArtifactSource.Config.class)
public final class PeerArtifactSource implements ArtifactSource {

    /** The configuration PID and component name. */
    public static final String PID = "io.hookline.cluster.artifacts";

    @ObjectClassDefinition(name = "Hookline cluster artifacts",
            description = "Artifacts by sha256 between cluster members: size cap, chunk size, peer timeout.")
    public @interface Config {

        @AttributeDefinition(name = "Maximum bytes", description = "Largest artifact fetched from a peer (the"
                + " installer's max.download.bytes applies too: the smaller wins).")
        long max_bytes() default 100L * 1024 * 1024;

        @AttributeDefinition(name = "Chunk bytes", description = "Bytes per chunk this node serves (1 KiB to 8 MiB).")
        int chunk_bytes() default 256 * 1024;

        @AttributeDefinition(name = "Peer timeout (ms)", description = "Longest silence of a peer during a transfer"
                + " before the next peer is asked.")
        long idle_timeout_ms() default 15_000;
    }

    private final PeerArtifacts lane;
    private final long maxBytes;
    private final int chunkBytes;
    private final Duration idle;

    @Activate
    public PeerArtifactSource(@Reference PeerArtifacts lane, @Reference ArtifactRepository repository, Config config) {
        if (config.max_bytes() <= 0 || config.idle_timeout_ms() <= 0) {
            throw new IllegalArgumentException("io.hookline.cluster.artifacts: max.bytes and idle.timeout.ms must be"
                    + " positive, were " + config.max_bytes() + " and " + config.idle_timeout_ms());
        }
        this.lane = lane;
        this.maxBytes = config.max_bytes();
        this.chunkBytes = config.chunk_bytes();
        this.idle = Duration.ofMillis(config.idle_timeout_ms());
        lane.serveFrom(repository::find, chunkBytes);
    }

    @Deactivate
    void deactivate() {
        lane.serveFrom(null, chunkBytes);
    }

    @Override
    public boolean fetch(String sha256, long max, Path target) throws IOException {
        return lane.fetch(sha256, Math.min(max, maxBytes), target, idle);
    }

    @Override
    public String describe() {
        return "cluster peers";
    }
}
