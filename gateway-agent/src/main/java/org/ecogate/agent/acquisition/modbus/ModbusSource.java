package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.acquisition.Backoff;
import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.config.Transport;
import org.ecogate.agent.config.PointConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices on one Modbus connection (TCP, RTU over TCP, or an RS-485 bus), polled in turn by one thread.
 * Per device: its {@link ReadPlan}; a timeout skips the device's other requests (a silent unit costs the bus one
 * timeout per cycle, its retries only while it was healthy), then {@link Backoff} decides when to try it again
 * (degraded devices only on their probe). Exception codes by meaning: 01-03 mark the points config_error, split a
 * merged request to find the culprit, log once and are never retried; 04-06 are comm_fault for the request, logged
 * once per change of code and counted, and a cycle answered only by them fails like a timeout (so repeated ones
 * degrade the device); 0A/0B count as a timeout; a reply that does not answer the request (unit id, function code,
 * transaction id, byte count) is a comm_fault. Not thread-safe: one poller thread (j2mod's counter is global).
 */
public final class ModbusSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(ModbusSource.class);

    private final ModbusLink link;
    private final List<Unit> units = new ArrayList<>();
    private final long pauseMs;
    private final int numericTotal;
    private long lastRequestNanos;

    public ModbusSource(List<DeviceConfig> devices, ModbusLink link) {
        this.link = link;
        for (DeviceConfig d : devices) units.add(new Unit(d));
        this.pauseMs = devices.stream().mapToLong(d -> d.pause() == null ? 0 : d.pause().toMillis()).max().orElse(0);
        int n = 0;
        for (Unit u : units) n += u.numeric.length;
        this.numericTotal = n;
    }

    /** The source for one device or for devices that share a connection (same transport and host:port or serial port). */
    public static ModbusSource create(List<DeviceConfig> devices) {
        return new ModbusSource(devices, linkFor(devices.get(0)));
    }

    public static ModbusSource create(DeviceConfig d) {
        return create(List.of(d));
    }

    public static ModbusLink linkFor(DeviceConfig d) {
        int timeout = (int) d.timeout().toMillis();
        if (d.transport() instanceof Transport.ModbusRtu r) {
            return J2modLink.serial(r.serial(), r.baud(), r.dataBits(), r.parity(), r.stopBits(), timeout);
        }
        if (d.transport() instanceof Transport.ModbusRtuTcp t) return J2modLink.tcp(t.host(), t.port(), timeout, true);
        if (d.transport() instanceof Transport.ModbusTcp t) return J2modLink.tcp(t.host(), t.port(), timeout, false);
        throw new IllegalArgumentException("device \"" + d.id() + "\": not a Modbus device (" + d.transport().name() + ")");
    }

    /** The first device's plan (single-device sources, tests). */
    public List<ReadPlan.Request> plan() {
        return units.get(0).plan;
    }

    /** The last text of each string point ("device.point" → text); strings are not numeric readings. */
    public Map<String, String> texts() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Unit u : units) m.putAll(u.texts);
        return m;
    }

    @Override
    public String deviceId() {
        return units.get(0).d.id();
    }

    @Override
    public boolean online() {
        for (int i = 0, n = units.size(); i < n; i++) if (!units.get(i).online) return false;
        return true;
    }

    @Override
    public Map<String, String> deviceStates() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Unit u : units) m.put(u.d.id(), u.backoff.state());
        return m;
    }

    @Override
    public Map<String, Failure> lastFailures() {
        Map<String, Failure> m = new LinkedHashMap<>();
        for (Unit u : units) if (u.lastFailure != null) m.put(u.d.id(), u.lastFailure);
        return m;
    }

    @Override
    public Map<String, Long> deviceExceptions() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Unit u : units) m.put(u.d.id(), u.exceptions);
        return m;
    }

    @Override
    public List<Reading> poll(long nowMs) {
        List<Reading> out = new ArrayList<>(numericTotal);
        boolean linkFailed = false; // a connection that failed to open is not tried again in the same cycle
        for (int k = 0, nu = units.size(); k < nu; k++) {
            Unit u = units.get(k);
            if (!u.due(nowMs)) continue;
            int from = out.size();
            String failure = null;
            if (!u.backoff.due(nowMs)) {
                failure = "";
            } else if (linkFailed) {
                failure = "connection failed";
            } else {
                try {
                    if (!link.isOpen()) link.open();
                    failure = u.read(nowMs, out);
                } catch (Exception e) {
                    failure = "cannot connect to " + link.describe() + ": " + describe(e);
                    linkFailed = true;
                    link.close();
                }
            }
            if (failure != null) {
                out.subList(from, out.size()).clear();
                for (ModbusPoint p : u.numeric) out.add(Reading.missing(p.id(), nowMs, Quality.COMM_FAULT));
                if (!failure.isEmpty()) u.failed(nowMs, failure);
            } else {
                u.answered();
            }
        }
        return out;
    }

    private void pace() throws InterruptedException {
        if (pauseMs <= 0) return;
        long wait = pauseMs - (System.nanoTime() - lastRequestNanos) / 1_000_000;
        if (wait > 0) Thread.sleep(wait);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }

    @Override
    public void close() {
        link.close();
    }

    /**
     * A request compiled for the hot path: its points as arrays (offset in the response, text or not, primitive
     * limits), so that a cycle allocates only the readings themselves (no iterators, no boxing of limits, no
     * hashing of the request record).
     */
    private static final class Step {
        final ReadPlan.Request r;
        final ModbusPoint[] points;
        final int[] at;
        final boolean[] text;
        final double[] min;
        final double[] max;
        /** Refused with exception 01-03: its points are config_error and it is not read again. */
        boolean refused;

        Step(ReadPlan.Request r) {
            this.r = r;
            int n = r.points().size();
            points = r.points().toArray(new ModbusPoint[0]);
            at = new int[n];
            text = new boolean[n];
            min = new double[n];
            max = new double[n];
            for (int j = 0; j < n; j++) {
                ModbusPoint p = points[j];
                at[j] = p.address() - r.start();
                text[j] = p.isText();
                min[j] = p.min() == null ? Double.NEGATIVE_INFINITY : p.min();
                max[j] = p.max() == null ? Double.POSITIVE_INFINITY : p.max();
            }
        }

        void addMissing(List<Reading> out, long nowMs, Quality q) {
            for (int j = 0; j < points.length; j++) if (!text[j]) out.add(Reading.missing(points[j].id(), nowMs, q));
        }
    }

    /** One device (unit id) on the connection. */
    private final class Unit {
        final DeviceConfig d;
        final String where;
        final ModbusPoint[] numeric;
        final List<ReadPlan.Request> plan;
        /** {@link #plan}, compiled; same order and length, rebuilt when a request is split. */
        final List<Step> steps = new ArrayList<>();
        final Map<String, String> texts = new LinkedHashMap<>();
        final Backoff backoff;
        final long intervalMs;
        /** For the status page: read by the status thread. */
        volatile Failure lastFailure;
        long lastPollMs = Long.MIN_VALUE;
        /** Exception responses answered since start; the code of the last one (0 after a cycle without). */
        long exceptions;
        int lastExceptionCode;
        /** The last failure's kind (its text without numbers), so a changed reason is logged once. */
        String lastFailureKind = "";
        boolean online = true;
        boolean everOnline;

        Unit(DeviceConfig d) {
            this.d = d;
            this.where = "device \"" + d.id() + "\" (" + d.where() + ")";
            List<ModbusPoint> all = new ArrayList<>();
            List<ModbusPoint> num = new ArrayList<>();
            for (PointConfig p : d.points()) {
                ModbusPoint mp = ModbusPoint.of(d.id(), p);
                all.add(mp);
                if (!mp.isText()) num.add(mp);
            }
            this.numeric = num.toArray(new ModbusPoint[0]);
            this.plan = new ArrayList<>(ReadPlan.plan(all, d.maxRegisters(), d.maxBits(), d.maxGap()));
            for (ReadPlan.Request r : plan) steps.add(new Step(r));
            this.backoff = new Backoff(d.offlineAfter() == null ? 3 : d.offlineAfter(),
                    d.probe() != null ? d.probe() : org.ecogate.agent.config.Settings.DEVICE_INTERVAL.or(d.interval()),
                    d.id().hashCode());
            this.intervalMs = d.interval() == null ? 0 : d.interval().toMillis();
        }

        /** Devices with a longer interval than the connection's poller are skipped on the ticks in between. */
        boolean due(long nowMs) {
            if (units.size() == 1) return true; // the poller runs at this device's interval
            if (lastPollMs != Long.MIN_VALUE && nowMs - lastPollMs < intervalMs * 3 / 4) return false;
            lastPollMs = nowMs;
            return true;
        }

        /** Reads the plan; null when the device answered, else why not (the caller marks the cycle comm_fault). */
        String read(long nowMs, List<Reading> out) throws InterruptedException {
            int retries = backoff.failures() == 0 ? d.retries() : 0; // a failing device gets one try per cycle
            int answered = 0;
            ModbusRefusal refusal = null;
            for (int i = 0; i < steps.size(); i++) {
                Step st = steps.get(i);
                ReadPlan.Request r = st.r;
                if (st.refused) {
                    st.addMissing(out, nowMs, Quality.CONFIG_ERROR);
                    continue;
                }
                int[] words;
                try {
                    words = readWithRetries(r, retries);
                } catch (ModbusRefusal e) {
                    if (e.isUnreachable()) return e.getMessage();
                    if (e.isConfigError() && r.points().size() > 1) {
                        // one bad register in a merged request must not cost its neighbours: read them one by one
                        plan.remove(i);
                        steps.remove(i);
                        List<ReadPlan.Request> singles = new ArrayList<>();
                        List<Step> singleSteps = new ArrayList<>();
                        for (ModbusPoint p : r.points()) {
                            ReadPlan.Request one = new ReadPlan.Request(r.table(), p.address(), p.width(), List.of(p));
                            singles.add(one);
                            singleSteps.add(new Step(one));
                        }
                        plan.addAll(i, singles);
                        steps.addAll(i, singleSteps);
                        log.info("{}: {} refused {} {}..{} ({}); reading its points one by one", where, e.getMessage(),
                                r.table().name().toLowerCase(), r.start(), r.end() - 1, names(r));
                        i--;
                        continue;
                    }
                    if (e.isConfigError()) {
                        st.refused = true;
                        log.warn("{}: {} for {} {}..{} (points {}): configuration error, marked config_error and not read again",
                                where, e.getMessage(), r.table().name().toLowerCase(), r.start(), r.end() - 1, names(r));
                        st.addMissing(out, nowMs, Quality.CONFIG_ERROR);
                    } else {
                        exceptions++;
                        if (e.code() != lastExceptionCode) {
                            log.warn("{}: {} for {} {}..{} (points {}); comm_fault ({} exception responses since start)", where,
                                    e.getMessage(), r.table().name().toLowerCase(), r.start(), r.end() - 1, names(r), exceptions);
                        }
                        lastExceptionCode = e.code();
                        refusal = e;
                        st.addMissing(out, nowMs, Quality.COMM_FAULT);
                    }
                    continue;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    if (link.resetAfterFailure()) link.close();
                    return describe(e);
                }
                answered++;
                ModbusPoint[] ps = st.points;
                for (int j = 0; j < ps.length; j++) {
                    ModbusPoint p = ps[j];
                    if (st.text[j]) {
                        String t = p.text(words, st.at[j]);
                        if (!t.equals(texts.put(p.id(), t))) log.info("{}: {} = \"{}\"", where, p.name(), t);
                    } else {
                        double v = p.decode(words, st.at[j]);
                        // NaN fails both comparisons' negation below; infinities are out of range
                        if (v >= st.min[j] && v <= st.max[j] && !Double.isInfinite(v)) {
                            out.add(Reading.good(p.id(), nowMs, v));
                        } else {
                            out.add(Reading.missing(p.id(), nowMs, Quality.OUT_OF_RANGE));
                        }
                    }
                }
            }
            if (refusal == null && lastExceptionCode != 0) {
                log.info("{}: no exception responses any more ({} since start)", where, exceptions);
                lastExceptionCode = 0;
            }
            // answered by exception responses only: a failed cycle like a timeout (repeated, the device degrades)
            return refusal != null && answered == 0 ? refusal.getMessage() : null;
        }

        private int[] readWithRetries(ReadPlan.Request r, int retries) throws Exception {
            for (int attempt = 0; ; attempt++) {
                try {
                    if (pauseMs > 0) pace();
                    if (!link.isOpen()) link.open();
                    return link.read(d.unit(), r.table(), r.start(), r.count());
                } catch (ModbusRefusal | InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    if (attempt >= retries) throw e;
                    if (link.resetAfterFailure()) link.close(); // a late answer must not be taken for the retry's
                } finally {
                    if (pauseMs > 0) lastRequestNanos = System.nanoTime();
                }
            }
        }

        void failed(long nowMs, String why) {
            lastFailure = new Failure(why, nowMs);
            boolean wasDegraded = backoff.degraded();
            backoff.failed(nowMs);
            String kind = why.replaceAll("[0-9]+", "#");
            if (online || !kind.equals(lastFailureKind)) {
                log.warn("{}: no valid answer ({}); its readings are marked comm_fault until it answers", where, why);
            }
            lastFailureKind = kind;
            if (backoff.degraded() && !wasDegraded) {
                log.warn("{}: offline after {} failed cycles; probed every {}", where, backoff.failures(),
                        org.ecogate.agent.config.Durations.format(java.time.Duration.ofMillis(backoff.probeMs())));
            }
            online = false;
        }

        void answered() {
            if (!online) {
                log.info("{}: answering again after {} failed cycles", where, backoff.failures());
            } else if (!everOnline) {
                log.info("{}: connected, {} points in {} requests", where, d.points().size(), plan.size());
            }
            backoff.succeeded();
            lastFailureKind = "";
            online = true;
            everOnline = true;
        }
    }

    private static List<String> names(ReadPlan.Request r) {
        return r.points().stream().map(ModbusPoint::name).toList();
    }
}
