package io.hookline.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Turns a settled, called chain into a {@link CompiledChain}: one hidden class per
 * {@link CompiledChain#SEGMENT_LENGTH} positions, defined from the {@link UnrolledChain} template's
 * bytes with the segment's handlers and runtimes, its offset and the next segment as class data.
 *
 * <p>What: the call path asks once per snapshot ({@link #ask}, on the first call that walked its
 * arrays); the compiler waits until the chain has been published for
 * {@link EngineSettings#compileDelay}, and if it is still the slot's chain then, defines the classes
 * and swaps in a copy of the snapshot that carries the first, by compare-and-set, so a chain
 * published meanwhile always wins. Why this way: defining classes and letting the JIT warm them
 * costs more than a short-lived chain gains, so chains that change fast, and chains nobody calls,
 * keep the array walk; the classes are neither {@code STRONG} nor nestmates, and only the snapshot
 * (the first) or the segment before (the others) refers to them, so they are unloaded with it.
 * Anything that goes wrong defining it (a template that cannot be read, a refused definition) is
 * logged once and turns compilation off: the array walk is always correct. Threading: {@link #ask}
 * from any calling thread (it never blocks and allocates one task); compilation on one daemon
 * thread that ends when idle; {@link #close} from the engine's deactivation.
 */
final class ChainCompiler implements AutoCloseable {

    /** A single position gains nothing: one call site either way. */
    static final int MIN_LENGTH = 2;

    private final Supplier<EngineSettings> settings;
    private final EngineLog log;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong compiled = new AtomicLong();
    /** Set when a definition failed: compilation is off for this engine from then on. */
    private volatile boolean broken;
    private volatile boolean closed;
    /** The template's class file, read once. */
    private volatile byte[] template;

    ChainCompiler(Supplier<EngineSettings> settings, EngineLog log) {
        this.settings = settings;
        this.log = log;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hookline-chain-compiler");
            t.setDaemon(true);
            return t;
        });
        executor.setKeepAliveTime(5, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * @return true if {@code chain} would gain from code of its own: walked by a lean walk
     *     (not careful) and 2 to {@link CompiledChain#MAX_LENGTH} plugins long
     */
    static boolean worthCompiling(ChainSnapshot chain) {
        int n = chain.handlers.length;
        return !chain.careful && n >= MIN_LENGTH && n <= CompiledChain.MAX_LENGTH;
    }

    /** The call path's one ask per snapshot: marks it asked, and queues it if the slot compiles. */
    static void ask(EventSlot slot, ChainSnapshot chain) {
        chain.compileAsked = true;
        chain.walkArrays = chain.compiled == null;
        ChainCompiler compiler = slot.compiler;
        if (compiler != null) {
            compiler.request(slot, chain);
        }
    }

    private void request(EventSlot slot, ChainSnapshot chain) {
        EngineSettings s = settings.get();
        if (!s.compiledChains() || broken || closed) {
            return;
        }
        long wait = s.compileDelay().toNanos() - (System.nanoTime() - chain.builtAtNanos);
        try {
            executor.schedule(() -> compileIfCurrent(slot, chain), Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the engine is closing: its chains are being closed too
        }
    }

    /** On the compiler thread: compiles {@code chain} if it is still its slot's chain. */
    private void compileIfCurrent(EventSlot slot, ChainSnapshot chain) {
        if (slot.chain != chain || broken || closed || !settings.get().compiledChains()) {
            return;
        }
        CompiledChain code;
        try {
            code = define(chain);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError) {
                throw (VirtualMachineError) t;
            }
            broken = true;
            log.warn("compiling the chain of event '" + slot.event + "' failed (" + t
                    + "); chains are walked as arrays from now on", t);
            return;
        }
        if (EventSlot.CHAIN.compareAndSet(slot, chain, chain.withCompiled(code))) {
            compiled.incrementAndGet();
        }
    }

    /**
     * Defines new hidden classes from the template, one per {@link CompiledChain#SEGMENT_LENGTH}
     * positions of {@code chain}, each with its handlers, runtimes, walk (plain or gated), offset
     * in the chain and the next segment as its class data, and returns the first one's instance.
     */
    CompiledChain define(ChainSnapshot chain) throws Throwable {
        if (!worthCompiling(chain)) {
            throw new IllegalArgumentException("a chain of " + chain.size() + " plugins"
                    + (chain.careful ? " walked carefully" : "") + " is not compiled");
        }
        int n = chain.size();
        int segment = CompiledChain.SEGMENT_LENGTH;
        CompiledChain next = null;
        // the last segment first: each earlier one holds the one after it as a constant
        for (int from = (n - 1) / segment * segment; from >= 0; from -= segment) {
            int to = Math.min(n, from + segment);
            Object[] data = {Arrays.copyOfRange(chain.handlers, from, to), Arrays.copyOfRange(chain.runtimes, from, to),
                    !chain.plain, from, next};
            // not STRONG: the class lives as long as its instance, which only the snapshot (or the
            // segment before it) holds
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(template(), data, true);
            next = (CompiledChain) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        }
        return next;
    }

    private byte[] template() throws IOException {
        byte[] bytes = template;
        if (bytes == null) {
            try (InputStream in = ChainCompiler.class.getResourceAsStream("UnrolledChain.class")) {
                if (in == null) {
                    throw new IOException("UnrolledChain.class is not a resource of " + ChainCompiler.class.getName()
                            + "'s class loader");
                }
                bytes = in.readAllBytes();
            }
            template = bytes;
        }
        return bytes;
    }

    /**
     * The class data of the hidden class whose own full-privilege lookup is {@code self}: what
     * {@link UnrolledChain}'s static initialiser reads its constants from.
     */
    static Object[] classData(MethodHandles.Lookup self) {
        Object[] data;
        try {
            data = MethodHandles.classData(self, ConstantDescs.DEFAULT_NAME, Object[].class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("UnrolledChain is a template: only ChainCompiler defines it", e);
        }
        if (data == null) {
            throw new IllegalStateException("UnrolledChain is a template without class data: only ChainCompiler"
                    + " defines it (as a hidden class)");
        }
        return data;
    }

    /** @return how many compiled chains were swapped in so far (tests, benchmarks) */
    long compiledCount() {
        return compiled.get();
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
