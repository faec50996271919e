package org.ecogate.agent.acquisition.modbus;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.config.PointConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Modbus TCP device read with j2mod: one connection, kept open between cycles and re-opened after a
 * failure. Each cycle runs the device's {@link ReadPlan}; a timeout or broken connection marks every point of
 * the cycle {@link Quality#COMM_FAULT} (no value is ever invented or repeated); an exception response marks the
 * request's points {@link Quality#CONFIG_ERROR}; a value outside the point's min/max is
 * {@link Quality#OUT_OF_RANGE}. Logs one line when the device stops answering and one when it answers again.
 * Used by one poller thread (j2mod's transaction id counter is global; never share a master).
 */
public final class ModbusTcpSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(ModbusTcpSource.class);

    private final DeviceConfig d;
    private final String where;
    private final List<ModbusPoint> points;
    private final List<ReadPlan.Request> plan;
    private final Map<String, PointConfig> limits = new HashMap<>();
    private ModbusTCPMaster master;
    private boolean online = true;
    private boolean everOnline;
    private long failedCycles;

    private ModbusTcpSource(DeviceConfig d) {
        this.d = d;
        this.where = "device \"" + d.id() + "\" (" + d.host() + ":" + d.port() + " unit " + d.unit() + ")";
        List<ModbusPoint> ps = new ArrayList<>();
        for (PointConfig p : d.points()) {
            ModbusPoint mp = ModbusPoint.of(d.id(), p);
            ps.add(mp);
            limits.put(mp.id(), p);
        }
        this.points = List.copyOf(ps);
        this.plan = ReadPlan.plan(points, d.maxRegisters(), d.maxBits(), d.maxGap());
    }

    public static ModbusTcpSource create(DeviceConfig d) {
        return new ModbusTcpSource(d);
    }

    public List<ReadPlan.Request> plan() {
        return plan;
    }

    @Override
    public String deviceId() {
        return d.id();
    }

    @Override
    public boolean online() {
        return online;
    }

    @Override
    public List<Reading> poll(long nowMs) {
        List<Reading> out = new ArrayList<>(points.size());
        try {
            if (master == null || !master.isConnected()) connect();
            for (ReadPlan.Request r : plan) {
                int[] words;
                try {
                    words = readWithRetries(r);
                } catch (ModbusSlaveException e) {
                    logOnce(r, e);
                    for (ModbusPoint p : r.points()) out.add(Reading.missing(p.id(), nowMs, Quality.CONFIG_ERROR));
                    continue;
                }
                for (ModbusPoint p : r.points()) out.add(check(p, p.decode(words, p.address() - r.start()), nowMs));
            }
        } catch (Exception e) {
            failed(e);
            out.clear();
            for (ModbusPoint p : points) out.add(Reading.missing(p.id(), nowMs, Quality.COMM_FAULT));
            return out;
        }
        if (!online) {
            log.info("{}: answering again after {} failed cycles", where, failedCycles);
        } else if (!everOnline) {
            log.info("{}: connected, {} points in {} requests", where, points.size(), plan.size());
        }
        online = true;
        everOnline = true;
        failedCycles = 0;
        return out;
    }

    private final java.util.Set<ReadPlan.Request> refused = new java.util.HashSet<>();

    private void logOnce(ReadPlan.Request r, ModbusSlaveException e) {
        if (refused.add(r)) {
            log.warn("{}: refused reading {} {}..{} (points {}): {}; those points are marked config_error", where,
                    r.table().name().toLowerCase(), r.start(), r.start() + r.count() - 1,
                    r.points().stream().map(ModbusPoint::name).toList(), e.getMessage());
        }
    }

    private Reading check(ModbusPoint p, double v, long ts) {
        PointConfig c = limits.get(p.id());
        if (Double.isNaN(v) || Double.isInfinite(v)) return Reading.missing(p.id(), ts, Quality.OUT_OF_RANGE);
        if ((c.min() != null && v < c.min()) || (c.max() != null && v > c.max())) {
            return Reading.missing(p.id(), ts, Quality.OUT_OF_RANGE);
        }
        return Reading.good(p.id(), ts, v);
    }

    private void connect() throws Exception {
        if (master == null) {
            master = new ModbusTCPMaster(d.host(), d.port(), (int) d.timeout().toMillis(), false);
        }
        master.connect();
        // j2mod traps: "retries" is the total number of tries (0 means its default of 5), the setting lives on the
        // transaction that connect() creates (so set it after every connect), and between tries j2mod sleeps
        // 250 ms + random x 500 ms x try. We make one try per j2mod call and retry ourselves on a fresh connection.
        master.setRetries(1);
    }

    /**
     * One request with up to {@code retries} immediate retries on a timeout or I/O error, each on a new connection
     * (a late answer to the timed-out request must not be taken for the next one's). Exception responses are final.
     */
    private int[] readWithRetries(ReadPlan.Request r) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return read(r);
            } catch (ModbusSlaveException e) {
                throw e;
            } catch (Exception e) {
                if (attempt >= d.retries()) throw e;
                master.disconnect();
                connect();
            }
        }
    }

    private int[] read(ReadPlan.Request r) throws Exception {
        int unit = d.unit();
        int[] words = new int[r.count()];
        switch (r.table()) {
            case HOLDING -> {
                InputRegister[] regs = master.readMultipleRegisters(unit, r.start(), r.count());
                for (int i = 0; i < words.length; i++) words[i] = regs[i].toUnsignedShort();
            }
            case INPUT -> {
                InputRegister[] regs = master.readInputRegisters(unit, r.start(), r.count());
                for (int i = 0; i < words.length; i++) words[i] = regs[i].toUnsignedShort();
            }
            case COIL -> {
                BitVector bits = master.readCoils(unit, r.start(), r.count());
                for (int i = 0; i < words.length; i++) words[i] = bits.getBit(i) ? 1 : 0;
            }
            case DISCRETE -> {
                BitVector bits = master.readInputDiscretes(unit, r.start(), r.count());
                for (int i = 0; i < words.length; i++) words[i] = bits.getBit(i) ? 1 : 0;
            }
        }
        return words;
    }

    private void failed(Exception e) {
        failedCycles++;
        if (online) {
            log.warn("{}: no answer ({}); its readings are marked comm_fault until it answers", where, describe(e));
        }
        online = false;
        if (master != null) master.disconnect();
    }

    private String describe(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }

    @Override
    public void close() {
        if (master != null) master.disconnect();
    }
}
