package io.hookline.core.internal;

import io.hookline.event.Result;

/**
 * One chain's healthy walk as code of its own: the lean walks of {@link ChainRunner} ({@code plain}
 * and {@code gated}) unrolled, with the chain's handlers and runtimes as constants.
 *
 * <p>Why: the array walk calls every handler from one call site, which turns megamorphic as soon as
 * the chain holds plugins of more than two classes (plugins from different bundles always are), and
 * every call then pays a virtual dispatch per plugin and gets no inlining. A compiled chain has one
 * call site per position, each seeing one constant receiver, so the JIT calls (and usually inlines)
 * each handler directly. Each subclass is a hidden class defined by {@link ChainCompiler} from the
 * {@link UnrolledChain} template; only the chain's own {@link ChainSnapshot} refers to its instance,
 * so the class is unloaded once that chain is replaced and no call holds it. Threading: stateless
 * after its class initialiser; any number of callers at once.
 */
abstract class CompiledChain {

    /** The most positions the template unrolls: longer chains keep the array walk. */
    static final int MAX_LENGTH = 16;

    /**
     * Walks the chain as {@code ChainRunner.plain} (a plain chain) or {@code ChainRunner.gated}
     * (a chain whose failures gate others) would, for a call that found no plugin of the event on
     * a failure streak: failures hand over to the careful walk exactly where the array walks do.
     *
     * @param chain the snapshot this code was compiled from (the careful walk needs it)
     * @param input the caller's input
     * @param type the expected state type, or null for no check
     */
    abstract <T> Result<T> call(ChainSnapshot chain, T input, Class<?> type);
}
