package org.ecogate.agent.time;

/** A clock tests move by hand: {@link #advance} moves both times, {@link #step} only the wall clock. Thread-safe. */
public final class FakeAgentClock implements AgentClock {
    private long wall;
    private long mono;

    public FakeAgentClock(long wallMillis) {
        this.wall = wallMillis;
        this.mono = 5_000_000_000L; // an arbitrary origin, as System.nanoTime has
    }

    @Override
    public synchronized long wallMillis() {
        return wall;
    }

    @Override
    public synchronized long monoNanos() {
        return mono;
    }

    /** Real time passes. */
    public synchronized void advance(long ms) {
        wall += ms;
        mono += ms * 1_000_000;
    }

    /** The wall clock is set (NTP, a technician): monotonic time does not move. */
    public synchronized void step(long ms) {
        wall += ms;
    }
}
