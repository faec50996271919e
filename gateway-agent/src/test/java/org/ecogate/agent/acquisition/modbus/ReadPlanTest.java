package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.acquisition.modbus.ModbusPoint.Order;
import org.ecogate.agent.acquisition.modbus.ModbusPoint.Table;
import org.ecogate.agent.acquisition.modbus.ModbusPoint.Type;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner against an exhaustive optimum (breadth-first search over covered-point sets) on random maps. */
class ReadPlanTest {
    private static final Type[] TYPES = {Type.UINT16, Type.BIT, Type.FLOAT32, Type.INT64, Type.UINT16};

    static List<ModbusPoint> randomMap(Random rnd, int n, int span) {
        List<ModbusPoint> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Type t = TYPES[rnd.nextInt(TYPES.length)];
            int len = rnd.nextInt(6) == 0 ? 1 + rnd.nextInt(5) : 0;
            if (len > 0) t = Type.STRING;
            ps.add(ModbusPoint.raw("p" + i, Table.HOLDING, rnd.nextInt(span), t, Order.ABCD, 0, len));
        }
        return ps;
    }

    /** Whether one request [s, e) may be sent: span within max, no hole (register no point occupies) wider than gap. */
    static boolean feasible(List<ModbusPoint> ps, int s, int e, int max, int gap) {
        if (e - s > max) return false;
        boolean[] occ = new boolean[e - s];
        for (ModbusPoint p : ps) for (int a = Math.max(s, p.address()); a < Math.min(e, p.end()); a++) occ[a - s] = true;
        int run = 0;
        for (boolean o : occ) {
            run = o ? 0 : run + 1;
            if (run > gap) return false;
        }
        return true;
    }

    /** The fewest feasible requests covering every point, by exhaustive search. */
    static int optimum(List<ModbusPoint> ps, int max, int gap) {
        int n = ps.size();
        Set<Integer> masks = new HashSet<>();
        for (ModbusPoint a : ps) {
            for (ModbusPoint b : ps) {
                int s = a.address(), e = b.end();
                if (e <= s || !feasible(ps, s, e, max, gap)) continue;
                int m = 0;
                for (int i = 0; i < n; i++) if (ps.get(i).address() >= s && ps.get(i).end() <= e) m |= 1 << i;
                masks.add(m);
            }
        }
        int all = (1 << n) - 1;
        int[] dist = new int[1 << n];
        Arrays.fill(dist, -1);
        dist[0] = 0;
        ArrayDeque<Integer> q = new ArrayDeque<>(List.of(0));
        while (!q.isEmpty()) {
            int cur = q.poll();
            if (cur == all) return dist[cur];
            for (int m : masks) {
                int nx = cur | m;
                if (dist[nx] < 0) {
                    dist[nx] = dist[cur] + 1;
                    q.add(nx);
                }
            }
        }
        throw new AssertionError("a point fits in no request");
    }

    @Test
    void isOptimalOnRandomMaps() {
        Random rnd = new Random(2024);
        for (int trial = 0; trial < 3000; trial++) {
            int n = 1 + rnd.nextInt(9);
            List<ModbusPoint> ps = randomMap(rnd, n, 10 + rnd.nextInt(60));
            int max = 5 + rnd.nextInt(20);
            int gap = rnd.nextInt(6);
            List<ReadPlan.Request> plan = ReadPlan.plan(ps, max, 2000, gap);
            // every point decoded exactly once, from a request that holds it and keeps the limits
            List<ModbusPoint> seen = new ArrayList<>();
            for (ReadPlan.Request r : plan) {
                assertThat(feasible(ps, r.start(), r.end(), max, gap)).as("trial %d request %s", trial, r).isTrue();
                for (ModbusPoint p : r.points()) assertThat(p.address() >= r.start() && p.end() <= r.end()).isTrue();
                seen.addAll(r.points());
            }
            assertThat(seen).as("trial %d", trial).containsExactlyInAnyOrderElementsOf(ps);
            assertThat(plan).as("trial %d: %s max %d gap %d", trial, ps, max, gap).hasSize(optimum(ps, max, gap));
        }
    }

    @Test
    void bitTablesBridgeSixteenBitsPerRegisterOfGap() {
        List<ModbusPoint> coils = List.of(ModbusPoint.raw("a", Table.COIL, 0, Type.BOOL, Order.ABCD, 0, 0),
                ModbusPoint.raw("b", Table.COIL, 33, Type.BOOL, Order.ABCD, 0, 0));
        assertThat(ReadPlan.plan(coils, 125, 2000, 2)).hasSize(1);
        assertThat(ReadPlan.plan(coils, 125, 2000, 1)).hasSize(2);
        assertThat(ReadPlan.plan(coils, 125, 20, 8)).hasSize(2);
    }
}
