package io.hookline.installer.internal;

import io.hookline.installer.internal.gate.HealthGate;

import io.hookline.installer.InstallRequest;
import io.hookline.store.internal.MvRecordStore;
import java.nio.file.Path;

/**
 * The "process" {@link CrashRecoveryIT} kills: boots Felix on a kept cache, the store and the
 * engine (recovery and replay, as an activation does), then runs one operation and, when it
 * reaches the given step, prints {@code AT <step>} and waits to be killed with SIGKILL.
 *
 * <p>Arguments: cache, store file, extensions, step, operation ({@code install <app> <file>},
 * {@code uninstall <app>}, or {@code boot} / {@code boot-clean} to be killed inside recovery or
 * replay on a kept / wiped framework cache).
 */
public final class CrashChild {

    public static void main(String[] args) throws Exception {
        Path cache = Path.of(args[0]);
        Path storeFile = Path.of(args[1]);
        Path extensions = Path.of(args[2]);
        io.hookline.installer.internal.txn.Step target = io.hookline.installer.internal.txn.Step.valueOf(args[3]);
        boolean boot = args[4].startsWith("boot");
        FelixFramework felix = new FelixFramework(cache, args[4].equals("boot-clean"));
        MvRecordStore store = MvRecordStore.open(storeFile, false);
        InstallerEngine engine = new InstallerEngine(InstallerSettings.builder(extensions).build(), store,
                felix.context(), () -> HealthGate.NONE);
        io.hookline.installer.internal.txn.StepListener killHere = (app, step) -> {
            if (step == target) {
                System.out.println("AT " + step);
                System.out.flush();
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // wait for SIGKILL
                    }
                }
            }
        };
        if (boot) {
            // the kill lands inside recovery or replay
            engine.steps = killHere;
        }
        engine.recover();
        engine.replay();
        engine.steps = killHere;
        if (boot) {
            System.out.println("DONE without reaching " + target);
            System.out.flush();
            System.exit(3);
        }
        if (args[4].equals("install")) {
            engine.install(InstallRequest.path(Path.of(args[6])).app(args[5]));
        } else {
            engine.uninstall(args[5]);
        }
        System.out.println("DONE without reaching " + target);
        System.out.flush();
        System.exit(3);
    }
}
