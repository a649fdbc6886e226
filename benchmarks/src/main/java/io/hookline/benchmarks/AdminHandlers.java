package io.hookline.benchmarks;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * OSGi EventAdmin handlers doing the handlers' work: eight classes with one identical body. The
 * tally travels as an event property, the only way EventAdmin passes state.
 */
final class AdminHandlers {

    /** Event property holding the {@link Tally}. */
    static final String TALLY = "tally";

    private AdminHandlers() {
    }

    static EventHandler create(Shape shape, int index) {
        switch (shape.classFor(index)) {
            case 0: return new E0();
            case 1: return new E1();
            case 2: return new E2();
            case 3: return new E3();
            case 4: return new E4();
            case 5: return new E5();
            case 6: return new E6();
            case 7: return new E7();
            default: throw new IllegalArgumentException("no handler class for " + index);
        }
    }

    static final class E0 implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            ((Tally) event.getProperty(TALLY)).hit();
        }
    }

    static final class E1 implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            ((Tally) event.getProperty(TALLY)).hit();
        }
    }

    static final class E2 implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            ((Tally) event.getProperty(TALLY)).hit();
        }
    }

    static final class E3 implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            ((Tally) event.getProperty(TALLY)).hit();
        }
    }

    static final class E4 implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            ((Tally) event.getProperty(TALLY)).hit();
        }
    }

    static final class E5 implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            ((Tally) event.getProperty(TALLY)).hit();
        }
    }

    static final class E6 implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            ((Tally) event.getProperty(TALLY)).hit();
        }
    }

    static final class E7 implements EventHandler {
        @Override
        public void handleEvent(Event event) {
            ((Tally) event.getProperty(TALLY)).hit();
        }
    }
}
