package org.ecogate.agent.acquisition.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The requests that read a device's points: per table, the fewest requests under the device's limits. A request
 * spans at most {@code maxRegisters} registers ({@code maxBits} bits for coils/discrete inputs) and bridges holes
 * (registers no point occupies) of at most {@code maxGap} registers ({@code 16 x maxGap} bits). Stateless.
 *
 * <p>Greedy and optimal: take the lowest-addressed point not yet covered, start a request at its address and
 * stretch it to the farthest point end the limits allow. Whether a span is allowed only shrinks as the span
 * grows, so no plan covers the remaining points with fewer requests (checked against an exhaustive search in
 * ReadPlanTest). Trap: a point is read by exactly one request even when two requests overlap it.
 */
public final class ReadPlan {
    /** One read request and the points it decodes. */
    public record Request(ModbusPoint.Table table, int start, int count, List<ModbusPoint> points) {
        public int end() {
            return start + count;
        }
    }

    private ReadPlan() {}

    /** Largest hole bridged in {@code table}: registers, or 16 bits per register for bit tables. */
    public static int gapLimit(ModbusPoint.Table table, int maxGap) {
        return table.bits() ? maxGap * 16 : maxGap;
    }

    public static List<Request> plan(List<ModbusPoint> points, int maxRegisters, int maxBits, int maxGap) {
        List<Request> out = new ArrayList<>();
        for (ModbusPoint.Table t : ModbusPoint.Table.values()) {
            List<ModbusPoint> ps = points.stream().filter(p -> p.table() == t)
                    .sorted(Comparator.comparingInt(ModbusPoint::address).thenComparingInt(ModbusPoint::end)).toList();
            if (!ps.isEmpty()) planTable(t, ps, t.bits() ? maxBits : maxRegisters, gapLimit(t, maxGap), out);
        }
        return out;
    }

    private static void planTable(ModbusPoint.Table t, List<ModbusPoint> ps, int max, int gap, List<Request> out) {
        int n = ps.size();
        // occupied registers as merged [start, end) blocks
        List<int[]> blocks = new ArrayList<>();
        for (ModbusPoint p : ps) {
            int[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last != null && p.address() <= last[1]) last[1] = Math.max(last[1], p.end());
            else blocks.add(new int[] {p.address(), p.end()});
        }
        boolean[] covered = new boolean[n];
        int first = 0;
        while (true) {
            while (first < n && covered[first]) first++;
            if (first == n) return;
            int s = ps.get(first).address();
            int best = ps.get(first).end();
            // farthest end of a point starting at or after s such that [s, end) is within the limits
            int b = blockOf(blocks, s);
            for (int j = first; j < n; j++) {
                int e = ps.get(j).end();
                if (e <= best) continue;
                if (e - s > max) continue;
                while (b + 1 < blocks.size() && blocks.get(b + 1)[0] < e) {
                    if (blocks.get(b + 1)[0] - blocks.get(b)[1] > gap) break;
                    b++;
                }
                if (blocks.get(b)[1] < e && (b + 1 >= blocks.size() || blocks.get(b + 1)[0] < e)) break; // a hole too wide before e
                best = e;
            }
            List<ModbusPoint> mine = new ArrayList<>();
            for (int j = first; j < n; j++) {
                ModbusPoint p = ps.get(j);
                if (!covered[j] && p.end() <= best) {
                    covered[j] = true;
                    mine.add(p);
                }
            }
            out.add(new Request(t, s, best - s, List.copyOf(mine)));
        }
    }

    private static int blockOf(List<int[]> blocks, int addr) {
        for (int i = blocks.size() - 1; i >= 0; i--) if (blocks.get(i)[0] <= addr) return i;
        return 0;
    }

    /** The number of requests an optimal plan needs: what {@link #plan} returns, by construction; for reports. */
    public static int count(List<ModbusPoint> points, int maxRegisters, int maxBits, int maxGap) {
        return plan(points, maxRegisters, maxBits, maxGap).size();
    }
}
