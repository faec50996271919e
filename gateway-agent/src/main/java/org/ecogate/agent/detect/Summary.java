package org.ecogate.agent.detect;

/**
 * A closed aggregate. {@code minute}/{@code hour}: per point over [start, end): count of GOOD samples, min, max,
 * avg, and for counter points {@code delta} (increase over the window, counter resets tolerated).
 * {@code ledger}: per equipment over one day: running seconds, number of stops, longest stop (seconds within
 * the day). Fields that do not apply are null. Immutable.
 */
public record Summary(String kind, String subject, long start, long end, long count, Double min, Double max,
                      Double avg, Double delta, Long runningSeconds, Long stops, Long longestStopSeconds) {
    public static final String MINUTE = "minute";
    public static final String HOUR = "hour";
    public static final String LEDGER = "ledger";
}
