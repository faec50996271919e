package org.ecogate.agent.detect;

/**
 * A closed aggregate. {@code minute}/{@code hour}: per point over [start, end) in wall time: count of samples with a
 * value, min, max, avg, for counter points {@code delta} (increase over the window, counter resets tolerated), and
 * its coverage: {@code expected} samples by the point's poll interval and {@code coverage} = count / expected
 * (null when the interval is unknown); {@code timeUntrusted} when a sample was stamped by an untrusted clock (the
 * platform re-dates it as it re-dates readings); {@code note} "clock_step" when a wall-clock step closed the window
 * early. {@code ledger}: per equipment over one day: running seconds, number of stops, longest stop (seconds within
 * the day). Fields that do not apply are null. Immutable.
 */
public record Summary(String kind, String subject, long start, long end, long count, Double min, Double max,
                      Double avg, Double delta, Long runningSeconds, Long stops, Long longestStopSeconds,
                      Long expected, Double coverage, Boolean timeUntrusted, String note) {
    public static final String MINUTE = "minute";
    public static final String HOUR = "hour";
    public static final String LEDGER = "ledger";

    public Summary(String kind, String subject, long start, long end, long count, Double min, Double max, Double avg,
                   Double delta, Long runningSeconds, Long stops, Long longestStopSeconds) {
        this(kind, subject, start, end, count, min, max, avg, delta, runningSeconds, stops, longestStopSeconds, null, null, null, null);
    }

    /** The same summary with its times moved by {@code offsetMs}. */
    public Summary shifted(long offsetMs) {
        return new Summary(kind, subject, start + offsetMs, end + offsetMs, count, min, max, avg, delta, runningSeconds, stops,
                longestStopSeconds, expected, coverage, timeUntrusted, note);
    }
}
