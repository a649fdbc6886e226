package io.hookline.installer.internal.txn;

import io.hookline.installer.AppDTO;
import io.hookline.installer.ArtifactDTO;
import io.hookline.store.RecordStore;
import io.hookline.store.StoredRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Maps apps and install journals to and from the {@link RecordStore}: apps in collection
 * {@value #APPS} keyed by app name, journals in {@value #JOURNALS} keyed by app name. Why flat
 * string fields ({@code artifact.0.sha256}, ...): the store holds string maps, and flat fields keep
 * records readable in a dump and mergeable by the cluster layer. Threading: every store call runs
 * on the engine's store thread (see {@link #call}); the store serialises writes, and callers hold
 * the app's lock.
 */
public final class InstallRecords {

    public static final String APPS = "installs";
    public static final String JOURNALS = "installs.journal";
    /**
     * This node's own outcome of applying records other nodes wrote (see {@link NodeState}); never
     * replicated (the cluster replicates {@value #APPS} only), so a node's failure stays its own.
     */
    public static final String NODE = "installs.node";

    /**
     * An app record plus the bookkeeping that is not part of the API DTO.
     *
     * @param dto the app as recorded (for a foreign record: overlaid with this node's {@link NodeState})
     * @param dir the version folder name
     * @param txid the operation that wrote it
     * @param foreign true if another node wrote the record (it came through the cluster): this node
     *     applies it but never rewrites it, its own outcome goes to {@value #NODE}
     */
    public record InstalledApp(AppDTO dto, String dir, String txid, boolean foreign) {

        public InstalledApp(AppDTO dto, String dir, String txid) {
            this(dto, dir, txid, false);
        }

        /** @return what must hold on every node for this record to be applied: version, folder, every artifact's sha256 */
        public String fingerprint() {
            StringBuilder b = new StringBuilder(dto.version).append('|').append(dir);
            for (ArtifactDTO a : dto.artifacts) {
                b.append('|').append(a.symbolicName).append('=').append(a.sha256);
            }
            return b.toString();
        }
    }

    /**
     * This node's outcome of applying a foreign record: {@code INSTALLED} with its bundle ids, or
     * {@code FAILED} with the reason, for the record whose {@link InstalledApp#fingerprint} it names.
     * A record with no node state, or one for another fingerprint, reads as {@code PENDING}.
     */
    public record NodeState(String app, String fingerprint, AppDTO.Status status, String failureReason,
            List<Long> bundleIds, long at) {

        public NodeState {
            bundleIds = List.copyOf(bundleIds);
        }
    }

    /**
     * An intent written before the framework is touched (see the package description): what the
     * operation is about to do, so that a rollback undoes exactly that, whatever the clock says.
     *
     * @param app the app
     * @param txid the operation's id; an install is committed once the app record carries it
     * @param op {@code install} or {@code uninstall}
     * @param dir the folder (under the app's folder) of the new version's files, for an install
     * @param startedAt epoch millis just before the framework was touched (for operators; not used to decide anything)
     * @param installs symbolic names the install adds (not in the framework before)
     * @param updates symbolic names it updates in place (their previous files are in the app record's folder)
     * @param removes symbolic names it uninstalls (dropped by the new version)
     * @param dependents ids of bundles outside the app that were wired to it and active, restarted after a rollback
     */
    public record Journal(String app, String txid, String op, String dir, long startedAt, List<String> installs,
            List<String> updates, List<String> removes, List<Long> dependents) {

        public Journal {
            installs = List.copyOf(installs);
            updates = List.copyOf(updates);
            removes = List.copyOf(removes);
            dependents = List.copyOf(dependents);
        }

        /** An uninstall journal. */
        public static Journal uninstall(String app, String txid, String dir) {
            return new Journal(app, txid, "uninstall", dir, System.currentTimeMillis(), List.of(), List.of(), List.of(),
                    List.of());
        }
    }

    private final RecordStore store;
    private final ExecutorService storeThread;
    private final String nodeId;

    /**
     * @param store the store
     * @param storeThread runs every store call (see the class comment); owned by the caller
     */
    public InstallRecords(RecordStore store, ExecutorService storeThread) {
        this.store = store;
        this.storeThread = storeThread;
        this.nodeId = store.nodeId();
    }

    /**
     * Runs a store call on the store thread and waits for it without being interruptible: an
     * interrupt delivered to a thread inside a {@code FileChannel} operation closes the channel, and
     * with it the node's store, so no interruptible thread (a shell command the user cancels, a
     * deactivated component) ever touches the store. The caller's interrupt status is kept.
     */
    private <T> T call(Supplier<T> work) {
        Future<T> f = storeThread.submit(work::get);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) {
                        throw r;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** @return the record; a foreign one overlaid with this node's outcome (status, reason, bundle ids) */
    public Optional<InstalledApp> get(String app) {
        return call(() -> store.get(APPS, app)).map(this::decodeOverlaid);
    }

    /** @return every record, foreign ones overlaid as in {@link #get} */
    public List<InstalledApp> list() {
        List<InstalledApp> apps = new ArrayList<>();
        for (StoredRecord r : call(() -> store.list(APPS))) {
            apps.add(decodeOverlaid(r));
        }
        return apps;
    }

    private InstalledApp decodeOverlaid(StoredRecord r) {
        InstalledApp raw = decode(r);
        if (nodeId.equals(r.version().node())) {
            return raw;
        }
        InstalledApp foreign = new InstalledApp(raw.dto(), raw.dir(), raw.txid(), true);
        AppDTO d = foreign.dto();
        Optional<NodeState> state = call(() -> store.get(NODE, d.app)).map(InstallRecords::decodeState);
        if (state.isPresent() && state.get().fingerprint().equals(foreign.fingerprint())) {
            NodeState s = state.get();
            d.status = s.status();
            d.failureReason = s.failureReason();
            for (int i = 0; i < d.artifacts.length; i++) {
                d.artifacts[i].bundleId = i < s.bundleIds().size() ? s.bundleIds().get(i) : -1;
            }
        } else {
            d.status = AppDTO.Status.PENDING;
            d.failureReason = "";
            for (ArtifactDTO a : d.artifacts) {
                a.bundleId = -1;
            }
        }
        return foreign;
    }

    /** @return this node's outcome for an app's foreign record, if any */
    public Optional<NodeState> nodeState(String app) {
        return call(() -> store.get(NODE, app)).map(InstallRecords::decodeState);
    }

    /** @return every node state (an app whose record is gone may still have one until reconciled) */
    public List<NodeState> nodeStates() {
        List<NodeState> states = new ArrayList<>();
        for (StoredRecord r : call(() -> store.list(NODE))) {
            states.add(decodeState(r));
        }
        return states;
    }

    public void putNodeState(NodeState s) {
        Map<String, String> f = new HashMap<>();
        f.put("app", s.app());
        f.put("fingerprint", s.fingerprint());
        f.put("status", s.status().name());
        f.put("failureReason", nz(s.failureReason()));
        List<String> ids = new ArrayList<>();
        s.bundleIds().forEach(id -> ids.add(Long.toString(id)));
        f.put("bundleIds", String.join(",", ids));
        f.put("at", Long.toString(s.at()));
        run(() -> store.put(NODE, s.app(), f));
    }

    public void deleteNodeState(String app) {
        run(() -> store.delete(NODE, app));
    }

    private static NodeState decodeState(StoredRecord r) {
        List<Long> ids = new ArrayList<>();
        names(r.field("bundleIds")).forEach(id -> ids.add(Long.parseLong(id)));
        return new NodeState(r.field("app"), r.field("fingerprint"), AppDTO.Status.valueOf(r.field("status")),
                nz(r.field("failureReason")), ids, Long.parseLong(r.field("at")));
    }

    public InstalledApp put(AppDTO dto, String dir, String txid) {
        Map<String, String> f = new HashMap<>();
        f.put("app", dto.app);
        f.put("version", dto.version);
        f.put("status", dto.status.name());
        f.put("failureReason", nz(dto.failureReason));
        f.put("sourceType", nz(dto.sourceType));
        f.put("source", nz(dto.source));
        f.put("resolvedFrom", nz(dto.resolvedFrom));
        f.put("sha256", nz(dto.sha256));
        f.put("requestedBy", nz(dto.requestedBy));
        f.put("signer", nz(dto.signer));
        f.put("installedAt", Long.toString(dto.installedAt));
        f.put("updatedAt", Long.toString(dto.updatedAt));
        f.put("dir", dir);
        f.put("txid", txid);
        f.put("artifacts", Integer.toString(dto.artifacts.length));
        for (int i = 0; i < dto.artifacts.length; i++) {
            ArtifactDTO a = dto.artifacts[i];
            String p = "artifact." + i + ".";
            f.put(p + "file", a.file);
            f.put(p + "sha256", a.sha256);
            f.put(p + "size", Long.toString(a.size));
            f.put(p + "symbolicName", a.symbolicName);
            f.put(p + "bundleVersion", a.bundleVersion);
            f.put(p + "bundleId", Long.toString(a.bundleId));
            f.put(p + "location", a.location);
            f.put(p + "signer", nz(a.signer));
        }
        return decode(call(() -> store.put(APPS, dto.app, f)));
    }

    public void delete(String app) {
        run(() -> store.delete(APPS, app));
    }

    public Optional<Journal> journal(String app) {
        return call(() -> store.get(JOURNALS, app)).map(InstallRecords::decodeJournal);
    }

    public List<Journal> journals() {
        List<Journal> js = new ArrayList<>();
        for (StoredRecord r : call(() -> store.list(JOURNALS))) {
            js.add(decodeJournal(r));
        }
        return js;
    }

    public void putJournal(Journal j) {
        Map<String, String> fields = new HashMap<>();
        fields.put("app", j.app());
        fields.put("txid", j.txid());
        fields.put("op", j.op());
        fields.put("dir", nz(j.dir()));
        fields.put("startedAt", Long.toString(j.startedAt()));
        fields.put("installs", String.join(",", j.installs()));
        fields.put("updates", String.join(",", j.updates()));
        fields.put("removes", String.join(",", j.removes()));
        List<String> ids = new ArrayList<>();
        j.dependents().forEach(id -> ids.add(Long.toString(id)));
        fields.put("dependents", String.join(",", ids));
        run(() -> store.put(JOURNALS, j.app(), fields));
    }

    public void deleteJournal(String app) {
        run(() -> store.delete(JOURNALS, app));
    }

    private static Journal decodeJournal(StoredRecord r) {
        List<Long> dependents = new ArrayList<>();
        names(r.field("dependents")).forEach(id -> dependents.add(Long.parseLong(id)));
        return new Journal(r.field("app"), r.field("txid"), r.field("op"), r.field("dir"),
                Long.parseLong(r.field("startedAt")), names(r.field("installs")), names(r.field("updates")),
                names(r.field("removes")), dependents);
    }

    /** A comma-separated field as a list; a journal written before the field existed has none. */
    private static List<String> names(String field) {
        return field == null || field.isEmpty() ? List.of() : List.of(field.split(","));
    }

    private static InstalledApp decode(StoredRecord r) {
        AppDTO d = new AppDTO();
        d.id = r.id();
        d.origin = r.version().node();
        d.app = r.field("app");
        d.version = r.field("version");
        d.status = AppDTO.Status.valueOf(r.field("status"));
        d.failureReason = r.field("failureReason");
        d.sourceType = r.field("sourceType");
        d.source = r.field("source");
        d.resolvedFrom = r.field("resolvedFrom");
        d.sha256 = r.field("sha256");
        d.requestedBy = r.field("requestedBy");
        d.signer = nz(r.field("signer"));
        d.installedAt = Long.parseLong(r.field("installedAt"));
        d.updatedAt = Long.parseLong(r.field("updatedAt"));
        int n = Integer.parseInt(r.field("artifacts"));
        d.artifacts = new ArtifactDTO[n];
        for (int i = 0; i < n; i++) {
            String p = "artifact." + i + ".";
            ArtifactDTO a = new ArtifactDTO();
            a.file = r.field(p + "file");
            a.sha256 = r.field(p + "sha256");
            a.size = Long.parseLong(r.field(p + "size"));
            a.symbolicName = r.field(p + "symbolicName");
            a.bundleVersion = r.field(p + "bundleVersion");
            a.bundleId = Long.parseLong(r.field(p + "bundleId"));
            a.location = r.field(p + "location");
            a.signer = nz(r.field(p + "signer"));
            d.artifacts[i] = a;
        }
        return new InstalledApp(d, r.field("dir"), r.field("txid"));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
