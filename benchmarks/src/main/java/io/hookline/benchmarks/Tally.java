package io.hookline.benchmarks;

/**
 * The state every benchmarked handler receives: one counter each handler increments once.
 *
 * <p>Why a mutable counter: the same object goes through the engine, the hand loop, the EventBus
 * and EventAdmin, so all of them do exactly the same work per handler, and a setup check can prove
 * each handler really ran ({@link #hits} grows by the chain length per call). The padding keeps two
 * threads' tallies off one cache line in {@link ScalingBenchmark}. Threading: one thread per tally.
 */
public final class Tally {

    long p01, p02, p03, p04, p05, p06, p07;
    /** Handler invocations so far. */
    public long hits;
    long p11, p12, p13, p14, p15, p16, p17;

    /** Called by each handler: the "small amount of work" every compared mechanism does. */
    public void hit() {
        hits++;
    }

    /**
     * Throws unless {@code call} made exactly {@code expected} handler invocations on this tally.
     *
     * @param what names the mechanism in the message
     * @param expected handler invocations one call must make
     * @param call one dispatch
     */
    public void expectHits(String what, int expected, Runnable call) {
        long before = hits;
        call.run();
        long made = hits - before;
        if (made != expected) {
            throw new IllegalStateException(what + ": one call ran " + made + " handlers, expected " + expected);
        }
    }
}
