package org.ecogate.agent.time;

/**
 * The agent's two time sources: wall time (timestamps) and monotonic time (every timer, interval, timeout,
 * debounce, grace, retention age, rate). {@link #SYSTEM} is the real one; tests pass a fake. Implementations must be
 * thread-safe. Trap: never measure a duration with {@link #wallMillis()}: NTP corrections and RTC-less boots step it.
 */
public interface AgentClock {
    /** Wall-clock time, epoch milliseconds. */
    long wallMillis();

    /** Monotonic time in nanoseconds from an arbitrary origin; never steps. */
    long monoNanos();

    AgentClock SYSTEM = new AgentClock() {
        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long monoNanos() {
            return System.nanoTime();
        }
    };
}
