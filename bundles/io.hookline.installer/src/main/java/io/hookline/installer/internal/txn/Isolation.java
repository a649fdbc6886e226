package io.hookline.installer.internal.txn;

import java.util.HashSet;
import java.util.Set;
import org.osgi.framework.Bundle;

/**
 * Takes a failing app out of the framework: every managed bundle of it stopped and uninstalled,
 * best effort, so it holds no packages or services. Used by the replay and by a rollback that
 * finds a tampered file. Threading: caller holds the app's lock.
 */
final class Isolation {

    private Isolation() {
    }

    static void isolate(TxnContext txn, String app) {
        Set<Long> ids = new HashSet<>();
        for (Bundle b : txn.deployer.managed(app).values()) {
            ids.add(b.getBundleId());
            try {
                txn.deployer.stopQuietly(b);
                txn.deployer.uninstall(b);
            } catch (RuntimeException ignored) {
                // keep isolating the rest
            }
        }
        try {
            txn.deployer.refreshPending(ids);
        } catch (RuntimeException ignored) {
            // best effort
        }
    }
}
