package org.ecogate.agent.detect;

import org.ecogate.agent.config.Rule;
import java.util.function.Function;

/**
 * Evaluates a {@link Rule} in three-valued logic against current point values, updating the hysteresis
 * latches of its conditions. Not thread-safe: one instance per evaluation. A missing value (null from
 * {@code values}) makes its condition UNKNOWN and leaves its latch untouched.
 */
final class RuleEvaluator {
    enum Tri { TRUE, FALSE, UNKNOWN }

    private final Function<String, Double> values;
    private final boolean[] latches;
    private int next;

    RuleEvaluator(Function<String, Double> values, boolean[] latches) {
        this.values = values;
        this.latches = latches;
    }

    Tri eval(Rule rule) {
        if (rule instanceof Rule.Condition c) return condition(c);
        if (rule instanceof Rule.Any any) {
            boolean unknown = false, isTrue = false;
            for (Rule r : any.rules()) { // evaluate all, so every latch keeps its place and its state
                Tri t = eval(r);
                if (t == Tri.TRUE) isTrue = true; else if (t == Tri.UNKNOWN) unknown = true;
            }
            return isTrue ? Tri.TRUE : unknown ? Tri.UNKNOWN : Tri.FALSE;
        }
        Rule.All all = (Rule.All) rule;
        boolean unknown = false, isFalse = false;
        for (Rule r : all.rules()) {
            Tri t = eval(r);
            if (t == Tri.FALSE) isFalse = true; else if (t == Tri.UNKNOWN) unknown = true;
        }
        return isFalse ? Tri.FALSE : unknown ? Tri.UNKNOWN : Tri.TRUE;
    }

    private Tri condition(Rule.Condition c) {
        int i = next++;
        Double v = values.apply(c.point());
        if (v == null || v.isNaN()) return Tri.UNKNOWN;
        boolean was = latches[i];
        boolean now = switch (c.op()) {
            case ABOVE -> was ? v > c.threshold() - c.hysteresis() : v > c.threshold();
            case BELOW -> was ? v < c.threshold() + c.hysteresis() : v < c.threshold();
            case EQUALS -> Math.abs(v - c.threshold()) < 1e-9;
        };
        latches[i] = now;
        return now ? Tri.TRUE : Tri.FALSE;
    }
}
