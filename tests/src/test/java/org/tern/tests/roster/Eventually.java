package org.tern.tests.roster;

import java.util.function.BooleanSupplier;

/** Waits for something a client learns asynchronously (a push, a presence), failing after 10 seconds. */
final class Eventually {
    private Eventually() {
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(10);
        }
    }
}
