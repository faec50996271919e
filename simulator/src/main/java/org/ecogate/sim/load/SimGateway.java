package org.ecogate.sim.load;

import org.ecogate.sync.SenderSource;
import org.ecogate.sync.SyncRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One simulated gateway's buffer for the load generator: its own epoch and per-stream seq, realistic readings
 * (fan current and frequency, condenser, ESP kV/mA, production power) and, now and then, an outage event opened and
 * later closed in the gateway agent's event JSON. Records are freed on ack like the real buffer. Thread-safe
 * (the ticker appends, the sender reads). Trap: {@link #appended} counts what was produced, for exactly-once checks.
 */
public final class SimGateway implements SenderSource {
    public static final String EVENTS = "events";
    public static final String READINGS = "readings";
    static final String[] POINTS = {"fan1.current", "fan1.freq", "cond1.current", "cond1.temp_out", "esp1.kv", "esp1.ma",
            "line1.power", "line1.energy", "fan2.current", "fan2.freq"};
    static final double[] BASE = {42.0, 49.8, 18.5, 6.2, 55.0, 320.0, 610.0, 123456.0, 40.0, 49.5};
    private static final String[] EQUIPMENT = {"cond1", "fan1", "esp1", "fan2"};

    final String id;
    final long epoch;
    final byte[] key;
    private final int points;
    private final Random rnd;
    private final Map<String, ConcurrentSkipListMap<Long, SyncRecord>> held = new ConcurrentHashMap<>();
    private final Map<String, long[]> next = new ConcurrentHashMap<>();
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private String openOutage;
    private long outageStart;
    private List<String> outageEquipment = List.of();
    private int outages;

    public SimGateway(String id, long epoch, byte[] key, int points, long seed) {
        this.id = id;
        this.epoch = epoch;
        this.key = key;
        this.points = points;
        this.rnd = new Random(seed);
        for (String s : List.of(EVENTS, READINGS)) {
            held.put(s, new ConcurrentSkipListMap<>());
            next.put(s, new long[] {1});
            acked.put(s, 0L);
        }
    }

    /** One acquisition cycle at {@code ts}: a reading per point, and with probability {@code outageChance} an outage opens or closes. */
    public synchronized void tick(long ts, double outageChance) {
        for (int i = 0; i < points; i++) {
            int k = i % POINTS.length;
            String p = i < POINTS.length ? POINTS[k] : POINTS[k] + "_" + (i / POINTS.length);
            double v = openOutage != null && outageEquipment.contains(p.substring(0, p.indexOf('.'))) ? 0.0
                    : Math.round(BASE[k] * (1 + rnd.nextGaussian() * 0.02) * 100) / 100.0;
            append(READINGS, new SyncRecord(0, p, ts, v, "good"));
        }
        if (rnd.nextDouble() < outageChance) toggleOutage(ts);
    }

    private void toggleOutage(long ts) {
        if (openOutage == null) {
            openOutage = id + "-outage-" + (++outages);
            outageStart = ts - 60_000 * (1 + rnd.nextInt(5));
            List<String> eq = new ArrayList<>();
            for (String e : EQUIPMENT) if (rnd.nextBoolean()) eq.add(e);
            if (eq.isEmpty()) eq.add(EQUIPMENT[rnd.nextInt(EQUIPMENT.length)]);
            outageEquipment = List.copyOf(eq);
            append(EVENTS, event("open", ts, null));
        } else {
            append(EVENTS, event("close", ts, ts));
            openOutage = null;
        }
    }

    private SyncRecord event(String status, long ts, Long end) {
        StringBuilder states = new StringBuilder();
        StringBuilder eq = new StringBuilder();
        for (String e : outageEquipment) {
            if (eq.length() > 0) {
                eq.append(',');
                states.append(',');
            }
            eq.append('"').append(e).append('"');
            states.append('"').append(e).append("\":\"STOPPED\"");
        }
        long dur = ((end == null ? ts : end) - outageStart) / 1000;
        String body = "{\"id\":\"" + openOutage + "\",\"type\":\"outage\",\"facility\":\"tf1\",\"status\":\"" + status
                + "\",\"start\":" + outageStart + ",\"end\":" + end + ",\"durationSeconds\":" + dur + ",\"equipment\":[" + eq
                + "],\"equipmentStates\":{" + states + "},\"level\":null,\"point\":null,\"value\":null,\"emittedAt\":" + ts + "}";
        return new SyncRecord(0, openOutage, ts, null, "good", body);
    }

    private void append(String stream, SyncRecord r) {
        long seq = next.get(stream)[0]++;
        held.get(stream).put(seq, new SyncRecord(seq, r.point(), r.ts(), r.value(), r.quality(), r.body()));
    }

    public String id() {
        return id;
    }

    /** The HMAC key, or null when unsigned. */
    public byte[] key() {
        return key;
    }

    /** Records produced so far on {@code stream} (seqs 1..n). */
    public synchronized long appended(String stream) {
        return next.get(stream)[0] - 1;
    }

    /** Records not yet acknowledged, all streams. */
    public long backlog() {
        long n = 0;
        for (var m : held.values()) n += m.size();
        return n;
    }

    @Override
    public long ackedThrough(String stream) {
        return acked.get(stream);
    }

    @Override
    public List<SyncRecord> recordsAfter(String stream, long afterSeq, int max) {
        List<SyncRecord> out = new ArrayList<>(Math.min(max, 1024));
        for (SyncRecord r : held.get(stream).tailMap(afterSeq, false).values()) {
            if (out.size() == max) break;
            out.add(r);
        }
        return out;
    }

    @Override
    public void acked(String stream, long ep, long through) {
        if (ep != epoch) return;
        acked.merge(stream, through, Math::max);
        held.get(stream).headMap(through, true).clear();
    }

    @Override
    public long lastSeq(String stream) {
        synchronized (this) {
            return next.get(stream)[0] - 1;
        }
    }
}
