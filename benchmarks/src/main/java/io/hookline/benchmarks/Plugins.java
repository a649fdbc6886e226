package io.hookline.benchmarks;

import io.hookline.event.CallContext;
import io.hookline.event.EventHandler;
import io.hookline.event.Reply;
import java.util.Map;

/**
 * Hookline handlers for the benchmarks: eight classes with one identical body, so a chain can be
 * monomorphic or megamorphic while the work stays the same.
 *
 * <p>Each handler increments the tally and continues with it; {@code Reply.next} allocates a 16-byte
 * reply unless the JIT inlines the handler and scalar-replaces it.
 */
public final class Plugins {

    private Plugins() {
    }

    /**
     * @param shape one class or eight
     * @param n chain length
     * @return {@code n} handlers; position {@code i} is an instance of class {@code shape.classFor(i)}
     */
    @SuppressWarnings("unchecked")
    public static EventHandler<Tally>[] chain(Shape shape, int n) {
        EventHandler<Tally>[] out = new EventHandler[n];
        for (int i = 0; i < n; i++) {
            out[i] = create(shape.classFor(i));
        }
        return out;
    }

    /** A call context for the hand loop; the engine passes its per-plugin runtime instead. */
    public static final CallContext CONTEXT = new CallContext() {
        @Override
        public String event() {
            return "hand-loop";
        }

        @Override
        public String plugin() {
            return "hand-loop";
        }

        @Override
        public Map<String, Object> meta() {
            return Map.of();
        }
    };

    private static EventHandler<Tally> create(int kind) {
        switch (kind) {
            case 0: return new H0();
            case 1: return new H1();
            case 2: return new H2();
            case 3: return new H3();
            case 4: return new H4();
            case 5: return new H5();
            case 6: return new H6();
            case 7: return new H7();
            default: throw new IllegalArgumentException("no handler class " + kind);
        }
    }

    static final class H0 implements EventHandler<Tally> {
        @Override
        public Reply<Tally> handle(Tally t, CallContext c) {
            t.hit();
            return Reply.next(t);
        }
    }

    static final class H1 implements EventHandler<Tally> {
        @Override
        public Reply<Tally> handle(Tally t, CallContext c) {
            t.hit();
            return Reply.next(t);
        }
    }

    static final class H2 implements EventHandler<Tally> {
        @Override
        public Reply<Tally> handle(Tally t, CallContext c) {
            t.hit();
            return Reply.next(t);
        }
    }

    static final class H3 implements EventHandler<Tally> {
        @Override
        public Reply<Tally> handle(Tally t, CallContext c) {
            t.hit();
            return Reply.next(t);
        }
    }

    static final class H4 implements EventHandler<Tally> {
        @Override
        public Reply<Tally> handle(Tally t, CallContext c) {
            t.hit();
            return Reply.next(t);
        }
    }

    static final class H5 implements EventHandler<Tally> {
        @Override
        public Reply<Tally> handle(Tally t, CallContext c) {
            t.hit();
            return Reply.next(t);
        }
    }

    static final class H6 implements EventHandler<Tally> {
        @Override
        public Reply<Tally> handle(Tally t, CallContext c) {
            t.hit();
            return Reply.next(t);
        }
    }

    static final class H7 implements EventHandler<Tally> {
        @Override
        public Reply<Tally> handle(Tally t, CallContext c) {
            t.hit();
            return Reply.next(t);
        }
    }
}
