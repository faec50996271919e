package org.ecogate.agent.cli;

import java.math.BigDecimal;

/** Numbers printed short: a float32 value shows the digits it has (424.44946), not the double's (424.449462890625). */
final class Numbers {
    private Numbers() {}

    /**
     * The shortest decimal that reads back as the same float when the value is a float; otherwise 12 significant
     * digits (a scaled register, 1234578 x 0.1, prints 123457.8, not 123457.80000000001).
     */
    static String shortest(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        BigDecimal d = (float) v == v ? new BigDecimal(Float.toString((float) v))
                : new BigDecimal(v).round(new java.math.MathContext(12));
        d = d.stripTrailingZeros();
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }
}
