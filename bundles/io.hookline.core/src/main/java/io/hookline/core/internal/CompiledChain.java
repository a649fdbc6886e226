package io.hookline.core.internal;

import io.hookline.event.Failure;
import io.hookline.event.Result;
import java.util.List;

/**
 * One chain's healthy walk as code of its own: the lean walks of {@link ChainRunner} ({@code plain}
 * and {@code gated}) unrolled, with the chain's handlers and runtimes as constants, in segments of
 * up to {@link #SEGMENT_LENGTH} positions.
 *
 * <p>Why: the array walk calls every handler from one call site, which turns megamorphic as soon as
 * the chain holds plugins of more than two classes (plugins from different bundles always are), and
 * every call then pays a virtual dispatch per plugin and gets no inlining. A compiled chain has one
 * call site per position, each seeing one constant receiver, so the JIT calls (and usually inlines)
 * each handler directly. Each segment is a hidden class defined by {@link ChainCompiler} from the
 * {@link UnrolledChain} template; a chain longer than one segment is a row of them, each handing the
 * running state and the isolated failures to the next (a constant of its class, so a direct call);
 * a failure that gates others hands over to the careful walk at its position in the whole chain,
 * as the array walk does. Only the chain's own {@link ChainSnapshot} refers to the first segment,
 * and each segment only to the next, so the classes are unloaded once that chain is replaced and no
 * call holds them. Threading: stateless after its class initialiser; any number of callers at once.
 */
abstract class CompiledChain {

    /** The positions one segment (one hidden class) unrolls. */
    static final int SEGMENT_LENGTH = 16;

    /**
     * The longest chain compiled: {@value} plugins, 64 segments. Longer chains keep the array walk,
     * which bounds the classes per chain and the frames a call stacks (one per segment).
     */
    static final int MAX_LENGTH = 64 * SEGMENT_LENGTH;

    /**
     * Walks the chain as {@code ChainRunner.plain} (a plain chain) or {@code ChainRunner.gated}
     * (a chain whose failures gate others) would, for a call that found no plugin of the event on
     * a failure streak: failures hand over to the careful walk exactly where the array walks do.
     *
     * @param chain the snapshot this code was compiled from (the careful walk needs it)
     * @param input the caller's input
     * @param type the expected state type, or null for no check
     */
    final <T> Result<T> call(ChainSnapshot chain, T input, Class<?> type) {
        return walk(chain, input, input, null, type);
    }

    /**
     * This segment's positions and then the next segments'.
     *
     * @param chain the whole chain's snapshot
     * @param input the caller's input (a failing critical plugin halts with it)
     * @param state the state the previous segment handed on (the input for the first)
     * @param failures the failures a plain walk isolated so far, or null
     * @param type the expected state type, or null for no check
     */
    abstract <T> Result<T> walk(ChainSnapshot chain, T input, Object state, List<Failure> failures, Class<?> type);

    /** @return the segment after this one, or null for the last (tests, introspection) */
    abstract CompiledChain next();
}
