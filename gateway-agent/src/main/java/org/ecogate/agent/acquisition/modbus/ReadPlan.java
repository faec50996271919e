package org.ecogate.agent.acquisition.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The requests that read a device's points: per table, points sorted by address and merged into as few
 * requests as possible, bridging holes of up to {@code maxGap} registers and never exceeding
 * {@code maxRegisters} (registers) or {@code maxBits} (coils/discrete inputs) per request.
 */
public final class ReadPlan {
    /** One read request and the points it covers. */
    public record Request(ModbusPoint.Table table, int start, int count, List<ModbusPoint> points) {}

    private ReadPlan() {}

    public static List<Request> plan(List<ModbusPoint> points, int maxRegisters, int maxBits, int maxGap) {
        List<Request> out = new ArrayList<>();
        for (ModbusPoint.Table t : ModbusPoint.Table.values()) {
            List<ModbusPoint> ps = points.stream().filter(p -> p.table() == t)
                    .sorted(Comparator.comparingInt(ModbusPoint::address)).toList();
            int max = t.bits() ? maxBits : maxRegisters;
            int start = -1, end = -1;
            List<ModbusPoint> cur = new ArrayList<>();
            for (ModbusPoint p : ps) {
                int pEnd = p.address() + p.width();
                if (start >= 0 && p.address() - end <= maxGap && Math.max(end, pEnd) - start <= max) {
                    end = Math.max(end, pEnd);
                    cur.add(p);
                } else {
                    if (start >= 0) out.add(new Request(t, start, end - start, List.copyOf(cur)));
                    start = p.address();
                    end = pEnd;
                    cur = new ArrayList<>(List.of(p));
                }
            }
            if (start >= 0) out.add(new Request(t, start, end - start, List.copyOf(cur)));
        }
        return out;
    }
}
