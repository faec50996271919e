package org.ecogate.agent.uplink.hj212;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.agent.buffer.UplinkCursors;
import org.ecogate.agent.config.Hj212UplinkConfig;
import org.ecogate.hj212.Cn;
import org.ecogate.hj212.Cp;
import org.ecogate.hj212.CrcVariant;
import org.ecogate.hj212.Hj212Version;
import org.ecogate.hj212.Packet;
import org.ecogate.hj212.QnClock;
import org.ecogate.agentstatus.AgentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HJ 212 platform: a TCP client on its own thread that sends 2011/2021 live at the real-time interval and the
 * minute/hour/run-time summaries from the buffer in order, each waiting for its 9014 (resent per the retry settings,
 * else kept and retried after a reconnect), and answers the platform's commands. The delivery cursor in the buffer
 * moves after each 9014, so a kill costs at most the one record in flight. Thread-safe: wakeUp/status from any thread.
 */
public final class Hj212Uplink implements org.ecogate.agent.uplink.Uplink {
    private static final Logger log = LoggerFactory.getLogger(Hj212Uplink.class);
    private static final int PAGE = 1000;
    private final Hj212UplinkConfig cfg;
    private final Buffer buffer;
    private final LiveData live;
    private final Clock clock;
    private final SiteTime siteTime;
    private final SiteSettings settings;
    private final Messages messages;
    private final Hj212Version version;
    private final CrcVariant crc;
    private final QnClock qn;
    private final boolean wantsSummaries;
    private final Commands commands = new Commands(this);
    private final ConcurrentLinkedQueue<Packet> requests = new ConcurrentLinkedQueue<>();
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile long lastAckMs;
    private long lastTrafficNanos = System.nanoTime();
    private volatile String lastError;
    private Hj212Link link;

    /** Creates this uplink's cursor in the buffer (at the stream's end the first time); {@link #start} runs it. */
    public Hj212Uplink(Hj212UplinkConfig cfg, Buffer buffer, LiveData live, Clock clock, SiteTime siteTime, Path stateFile)
            throws BufferException {
        this.cfg = cfg;
        this.buffer = buffer;
        this.live = live;
        this.clock = clock;
        this.siteTime = siteTime;
        this.settings = new SiteSettings(cfg, stateFile);
        this.messages = new Messages(cfg);
        this.version = Hj212Version.parse(cfg.version());
        this.crc = CrcVariant.parse(cfg.crc());
        this.qn = new QnClock(clock, cfg.zoneId());
        this.wantsSummaries = cfg.sends("minute") || cfg.sends("hour") || cfg.sends("day")
                || cfg.sends("runtime");
        this.thread = new Thread(this::run, "hj212-" + cfg.name());
        thread.setDaemon(true);
        if (wantsSummaries) buffer.cursors().register(cfg.name(), Set.of(Buffer.SUMMARIES), cfg.maxAge());
    }

    @Override
    public void start() {
        thread.start();
        log.info("uplink {}: HJ 212 {} to {}:{} as MN {}, sends {}", cfg.name(), cfg.version(), cfg.host(), cfg.port(),
                cfg.mn(), cfg.send());
    }

    @Override
    public void wakeUp() {
        wake.release();
    }

    /** Waits until every summary buffered when called has been delivered to this platform, at most {@code max}. */
    @Override
    public boolean drain(java.time.Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            long target = wantsSummaries ? buffer.lastSeq(Buffer.SUMMARIES) : 0;
            while (wantsSummaries && buffer.cursors().position(cfg.name(), Buffer.SUMMARIES) < target) {
                if (System.nanoTime() > deadline) return false;
                wakeUp();
                Thread.sleep(50);
            }
            return true;
        } catch (BufferException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        long nextRealtime = 0;
        long retryAtNanos = System.nanoTime();
        boolean reported = false;
        while (running) {
            try {
                if (link == null || !link.isOpen()) {
                    connected = false;
                    long wait = retryAtNanos - System.nanoTime();
                    if (wait > 0) {
                        sleep(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
                        continue;
                    }
                    try {
                        link = new Hj212Link(cfg.name(), cfg.host(), cfg.port(), settings.timeout(), crc, p -> {
                            requests.add(p);
                            wake.release();
                        });
                    } catch (IOException e) {
                        retryAtNanos = System.nanoTime() + settings.timeout().toNanos();
                        lastError = "connect: " + e.getMessage();
                        if (!reported) log.warn("uplink {}: cannot connect to {}:{}: {} (retrying every {} s)", cfg.name(),
                                cfg.host(), cfg.port(), e.getMessage(), settings.timeout().toSeconds());
                        reported = true;
                        continue;
                    }
                    connected = true;
                    reported = false;
                    connects.incrementAndGet();
                    log.info("uplink {}: connected to {}:{}", cfg.name(), cfg.host(), cfg.port());
                }
                for (Packet req; (req = requests.poll()) != null; ) commands.handle(link, req);
                long now = clock.millis();
                long interval = settings.realtimeInterval().toMillis();
                if (nextRealtime > now + interval) nextRealtime = now; // the wall time was set back (1012, NTP)
                if (now >= nextRealtime && (cfg.sends("realtime") || cfg.sends("status")) && live.ready()) {
                    sendLive(now, interval);
                    nextRealtime = (now / interval + 1) * interval;
                }
                boolean more = sendBacklog();
                heartbeat();
                if (!more) sleep(Math.max(1, Math.min(1000, nextRealtime - clock.millis())));
            } catch (NoAnswer e) {
                lastError = e.getMessage();
                log.warn("uplink {}: {}: kept in the buffer, reconnecting in {} s", cfg.name(), e.getMessage(),
                        settings.timeout().toSeconds());
                drop();
                retryAtNanos = System.nanoTime() + settings.timeout().toNanos();
            } catch (IOException e) {
                lastError = e.getMessage();
                log.info("uplink {}: connection to {}:{} lost: {}", cfg.name(), cfg.host(), cfg.port(), e.getMessage());
                drop();
                retryAtNanos = System.nanoTime() + settings.timeout().toNanos();
            } catch (InterruptedException e) {
                break;
            } catch (BufferException | RuntimeException e) {
                lastError = e.getMessage();
                log.error("uplink {}: {}", cfg.name(), e.toString());
                sleep(1000);
            }
        }
        drop();
    }

    private void sleep(long ms) {
        try {
            wake.tryAcquire(ms, TimeUnit.MILLISECONDS);
            wake.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void drop() {
        connected = false;
        if (link != null) link.close();
    }

    /** 2011 and 2021 of this moment; not kept when unanswered (the platform asks for history with 2051/2061). */
    private void sendLive(long now, long interval) throws IOException, InterruptedException {
        if (cfg.sends("realtime") && !cfg.factors().isEmpty()
                && !sendData(link, Cn.REALTIME, messages.realtime(now, 2 * interval, live))) {
            log.debug("uplink {}: 2011 of {} unanswered", cfg.name(), messages.dataTime(now));
        }
        Cp rs = cfg.sends("status") ? messages.runStatus(now, live) : null;
        if (rs != null && !sendData(link, Cn.RUN_STATUS, rs)) {
            log.debug("uplink {}: 2021 of {} unanswered", cfg.name(), messages.dataTime(now));
        }
    }

    /** Sends the next summaries after the cursor; true if it sent or skipped something (more may follow). */
    private boolean sendBacklog() throws IOException, InterruptedException, BufferException, NoAnswer {
        if (!wantsSummaries) return false;
        long cur = buffer.cursors().position(cfg.name(), Buffer.SUMMARIES);
        List<BufferedRecord> recs = buffer.after(Buffer.SUMMARIES, cur, PAGE);
        if (recs.isEmpty()) return false;
        List<List<BufferedRecord>> groups = groups(recs);
        if (recs.size() == PAGE && groups.size() > 1) groups.remove(groups.size() - 1); // may continue on the next page
        long through = cur;
        for (List<BufferedRecord> g : groups) {
            String cn = messages.cnOf(g.get(0).doc().key());
            Cp cp = cn == null ? null : messages.summaries(cn, g);
            long last = g.get(g.size() - 1).seq();
            long ts = g.get(0).doc().ts();
            long day = g.get(0).doc().key().startsWith("hour:") && cfg.sends("day") ? messages.dayClosedBy(ts) : -1;
            Cp dayCp = day < 0 ? null : messages.day(day, kind(buffer.docsBetween(Buffer.SUMMARIES, day, ts, 100_000), "hour:"));
            if (cp != null || dayCp != null) {
                if (cp != null) send(cn, cp, cur, through);
                if (dayCp != null) send(Cn.DAY, dayCp, cur, through); // the hour that closes a day, then the day
                buffer.cursors().advance(cfg.name(), Buffer.SUMMARIES, last); // each ack persisted at once
                cur = last;
            }
            through = last;
            if (!requests.isEmpty() || !running) break;
        }
        if (through > cur) buffer.cursors().advance(cfg.name(), Buffer.SUMMARIES, through);
        return true;
    }

    private void send(String cn, Cp cp, long cur, long through)
            throws IOException, InterruptedException, BufferException, NoAnswer {
        if (!sendData(link, cn, cp)) {
            if (through > cur) buffer.cursors().advance(cfg.name(), Buffer.SUMMARIES, through);
            throw new NoAnswer("no 9014 for CN=" + cn + " " + cp.get("DataTime") + " after "
                    + (settings.retries() + 1) + " attempts");
        }
    }

    static List<BufferedRecord> kind(List<BufferedRecord> recs, String prefix) {
        return recs.stream().filter(r -> r.doc().key().startsWith(prefix)).toList();
    }

    /** Consecutive records of one kind and period start: one message each. */
    static List<List<BufferedRecord>> groups(List<BufferedRecord> recs) {
        List<List<BufferedRecord>> out = new ArrayList<>();
        List<BufferedRecord> cur = null;
        String curKind = null;
        long curTs = 0;
        for (BufferedRecord r : recs) {
            String key = r.doc().key();
            String kind = key.substring(0, Math.max(0, key.indexOf(':')));
            if (cur == null || !kind.equals(curKind) || r.doc().ts() != curTs) {
                cur = new ArrayList<>();
                out.add(cur);
                curKind = kind;
                curTs = r.doc().ts();
            }
            cur.add(r);
        }
        return out;
    }

    /** 2025: a 9015 heartbeat (answered by 9013) after {@code heartbeat} without traffic; an unanswered one drops the link. */
    private void heartbeat() throws IOException, InterruptedException, NoAnswer {
        if (version != Hj212Version.V2025 || cfg.heartbeat().isZero()
                || System.nanoTime() - lastTrafficNanos < cfg.heartbeat().toNanos()) return;
        lastTrafficNanos = System.nanoTime();
        Packet p = new Packet(qn.next(), cfg.st(), Cn.HEARTBEAT_2025, settings.pw(), cfg.mn(), version.flag(true, false), Cp.EMPTY);
        if (!link.sendAcked(p, settings.timeout(), settings.retries())) throw new NoAnswer("no 9013 for the 9015 heartbeat");
    }

    /** One data message with Flag A and a new QN; true once its 9014 came back. */
    boolean sendData(Hj212Link l, String cn, Cp cp) throws IOException, InterruptedException {
        Packet p = new Packet(qn.next(), cfg.st(), cn, settings.pw(), cfg.mn(), version.flag(true, false), cp);
        sent.incrementAndGet();
        lastTrafficNanos = System.nanoTime();
        boolean ok = l.sendAcked(p, settings.timeout(), settings.retries());
        if (ok) {
            acked.incrementAndGet();
            lastAckMs = clock.millis();
        } else {
            unanswered.incrementAndGet();
        }
        return ok;
    }

    /** For {@code status} and {@code sync status}: connection, counters, cursor, backlog and gaps. */
    public AgentStatus.PlatformUplink status() {
        Long cursor = null, backlog = null, gaps = null, gapRecords = null;
        if (wantsSummaries) {
            try {
                cursor = buffer.cursors().position(cfg.name(), Buffer.SUMMARIES);
                backlog = Math.max(0, buffer.lastSeq(Buffer.SUMMARIES) - cursor);
                List<UplinkCursors.Gap> g = buffer.cursors().gaps(cfg.name());
                gaps = (long) g.size();
                gapRecords = g.stream().mapToLong(UplinkCursors.Gap::count).sum();
            } catch (BufferException e) {
                lastError = e.getMessage();
            }
        }
        return new AgentStatus.PlatformUplink(cfg.name(), "hj212-" + cfg.version(), cfg.host() + ":" + cfg.port(), cfg.mn(),
                connected, connects.get(), sent.get(), acked.get(), unanswered.get(), lastAckMs, lastError, cursor, backlog,
                gaps, gapRecords);
    }

    Hj212UplinkConfig cfg() {
        return cfg;
    }

    SiteSettings settings() {
        return settings;
    }

    Messages messages() {
        return messages;
    }

    Clock clock() {
        return clock;
    }

    SiteTime siteTime() {
        return siteTime;
    }

    Buffer buffer() {
        return buffer;
    }

    Hj212Version version() {
        return version;
    }

    @Override
    public void close() {
        running = false;
        wake.release();
        drop();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The platform did not answer a data message within the retry settings. */
    private static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message);
        }
    }
}
