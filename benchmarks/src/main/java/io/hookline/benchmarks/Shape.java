package io.hookline.benchmarks;

/**
 * How many distinct handler classes a chain holds, which decides what the JIT can do at the call
 * site that invokes them.
 */
public enum Shape {
    /** Every handler is an instance of one class: a monomorphic call site the JIT inlines. */
    MONO(1),
    /**
     * Handlers of {@value #MEGA_CLASSES} classes, cycled: a megamorphic call site, as with real
     * plugins from different bundles.
     */
    MEGA(Shape.MEGA_CLASSES);

    /** Distinct classes in a megamorphic chain (HotSpot gives up on inlining above 2). */
    static final int MEGA_CLASSES = 8;

    private final int classes;

    Shape(int classes) {
        this.classes = classes;
    }

    /**
     * @param index a handler's position in its chain
     * @return which of the handler classes that position gets
     */
    int classFor(int index) {
        return index % classes;
    }
}
