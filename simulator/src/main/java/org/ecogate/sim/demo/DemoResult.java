package org.ecogate.sim.demo;

import java.nio.file.Path;

/**
 * What the demo counted: {@code acquired} readings committed to the agent's buffer, {@code delivered} of them
 * present in the platform store, {@code duplicates} records stored more than once, {@code lost} committed but absent.
 */
public record DemoResult(long acquired, long delivered, long duplicates, long lost, Path dir) {
    public String summaryLine() {
        return "demo: acquired=" + acquired + " delivered=" + delivered + " duplicates=" + duplicates + " lost=" + lost;
    }
}
