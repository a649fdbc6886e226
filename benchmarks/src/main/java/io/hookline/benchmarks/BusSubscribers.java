package io.hookline.benchmarks;

import com.google.common.eventbus.AllowConcurrentEvents;
import com.google.common.eventbus.Subscribe;

/**
 * Guava EventBus subscribers doing the handlers' work: eight classes with one identical body.
 * {@code @AllowConcurrentEvents} spares EventBus its per-subscriber lock: its fastest setting.
 */
final class BusSubscribers {

    private BusSubscribers() {
    }

    static Object create(Shape shape, int index) {
        switch (shape.classFor(index)) {
            case 0: return new S0();
            case 1: return new S1();
            case 2: return new S2();
            case 3: return new S3();
            case 4: return new S4();
            case 5: return new S5();
            case 6: return new S6();
            case 7: return new S7();
            default: throw new IllegalArgumentException("no subscriber class for " + index);
        }
    }

    static final class S0 {
        @Subscribe
        @AllowConcurrentEvents
        public void on(Tally t) {
            t.hit();
        }
    }

    static final class S1 {
        @Subscribe
        @AllowConcurrentEvents
        public void on(Tally t) {
            t.hit();
        }
    }

    static final class S2 {
        @Subscribe
        @AllowConcurrentEvents
        public void on(Tally t) {
            t.hit();
        }
    }

    static final class S3 {
        @Subscribe
        @AllowConcurrentEvents
        public void on(Tally t) {
            t.hit();
        }
    }

    static final class S4 {
        @Subscribe
        @AllowConcurrentEvents
        public void on(Tally t) {
            t.hit();
        }
    }

    static final class S5 {
        @Subscribe
        @AllowConcurrentEvents
        public void on(Tally t) {
            t.hit();
        }
    }

    static final class S6 {
        @Subscribe
        @AllowConcurrentEvents
        public void on(Tally t) {
            t.hit();
        }
    }

    static final class S7 {
        @Subscribe
        @AllowConcurrentEvents
        public void on(Tally t) {
            t.hit();
        }
    }
}
