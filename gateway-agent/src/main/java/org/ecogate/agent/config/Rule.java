package org.ecogate.agent.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A boolean rule over point values: a threshold {@link Condition} (with hysteresis), or {@link Any}/{@link All}
 * of nested rules. Immutable. Evaluation (three-valued: a missing point gives "unknown") lives in
 * {@link RuleEvaluator}; hysteresis latches are per condition, numbered in depth-first order.
 */
public sealed interface Rule permits Rule.Condition, Rule.Any, Rule.All {

    enum Op { ABOVE, BELOW, EQUALS }

    /** Adds the point ids this rule reads to {@code into}. */
    void collectPoints(Set<String> into);

    /** Number of conditions (leaves), i.e. hysteresis latches this rule needs. */
    int conditionCount();

    /**
     * {@code above}: true once value &gt; threshold, false again once value &le; threshold - hysteresis.
     * {@code below}: true once value &lt; threshold, false again once value &ge; threshold + hysteresis.
     * {@code equals}: true while value == threshold (for run/status bits and codes; no hysteresis).
     */
    record Condition(String point, Op op, double threshold, double hysteresis) implements Rule {
        @Override public void collectPoints(Set<String> into) { into.add(point); }
        @Override public int conditionCount() { return 1; }
        @Override public String toString() {
            return "{point: " + point + ", " + op.name().toLowerCase(Locale.ROOT) + ": " + num(threshold)
                    + (hysteresis != 0 ? ", hysteresis: " + num(hysteresis) : "") + "}";
        }
    }

    /** True when any nested rule is true; false when all are false; unknown otherwise. Empty = always false. */
    record Any(List<Rule> rules) implements Rule {
        public Any { rules = List.copyOf(rules); }
        @Override public void collectPoints(Set<String> into) { rules.forEach(r -> r.collectPoints(into)); }
        @Override public int conditionCount() { return rules.stream().mapToInt(Rule::conditionCount).sum(); }
        @Override public String toString() { return "{any: " + rules + "}"; }
    }

    /** True when all nested rules are true; false when any is false; unknown otherwise. Empty = always true. */
    record All(List<Rule> rules) implements Rule {
        public All { rules = List.copyOf(rules); }
        @Override public void collectPoints(Set<String> into) { rules.forEach(r -> r.collectPoints(into)); }
        @Override public int conditionCount() { return rules.stream().mapToInt(Rule::conditionCount).sum(); }
        @Override public String toString() { return "{all: " + rules + "}"; }
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
