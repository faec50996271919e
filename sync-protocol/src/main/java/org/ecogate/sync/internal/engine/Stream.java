package org.ecogate.sync.internal.engine;

import org.ecogate.sync.Ack;
import org.ecogate.sync.SyncRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream's sending state: the backlog lane, the live lane above {@code liveAfter} (0: none), the records-per-batch
 * limit, and the pure reactions to acks, timeouts, reconnects, rounds and batch sizes (PROTOCOL.md 7, 7.1). No I/O
 * besides log lines; the sender thread owns it (status readers only read {@link #acked()} and {@link #liveAfter()}).
 * Trap: state changes only through the methods here; the fields are package-private for the engine's tests alone.
 */
public final class Stream {
    private static final Logger log = LoggerFactory.getLogger(Stream.class);

    private final String name;
    final Lane backlog = new Lane();
    final Lane live = new Lane();
    /** While a live lane is open: new records above this seq go ahead of the backlog; else 0. */
    volatile long liveAfter;
    /** The receiver keeps no live range: the stream goes strictly in order. */
    boolean liveRefused;
    /** The backlog had nothing more to send at the last look. */
    boolean backlogEmpty;
    /** Records per batch now (halved when a batch was over the byte limit, doubled when it was small). */
    int limit;
    /** Busy answers in a row (PROTOCOL.md 5.1); while above 0 each lane sends one batch at a time (a probe). */
    int busyStreak;
    /** After an ack timeout: one batch of one record in flight per lane until an ack makes progress (a slow platform's queue is not fed a second copy of the window). */
    boolean probing;
    /** When the probing began (nanoTime): only the ack of a batch sent since ends it, not a late one of the old window. */
    long probingSince;
    /** While {@link #busyStreak} is above 0: nothing is sent before this nanoTime. */
    long pausedUntil;
    /** The backlog's last rewind: to which seq and when (nanoTime); a gap answer naming that seq soon after is stale. */
    long rewoundTo = -1, rewoundAt;
    /** How long after a rewind a gap answer naming the same seq is taken for an answer to a batch sent before it. */
    long staleGapNanos = 2_000_000_000L;
    /** First pause after a busy answer; each further one in a row doubles it, up to {@link #BUSY_PAUSE_MAX}. */
    public static final long BUSY_PAUSE_MIN = 500_000_000L;
    public static final long BUSY_PAUSE_MAX = 8_000_000_000L;

    /** What an ack changed: the new acknowledged seq to report to the buffer (or -1) and the batches it completed. */
    public record AckResult(long newAcked, boolean resend, List<Lane.InFlight> completed) {}

    public Stream(String name, int limit) {
        this.name = name;
        this.limit = limit;
    }

    public String name() { return name; }
    /** The backlog lane (the watermark path). */
    public Lane backlog() { return backlog; }
    /** The live lane, open while {@link #liveAfter()} is above 0. */
    public Lane live() { return live; }
    /** The platform holds the stream through here (the backlog's acknowledged seq); any thread. */
    public long acked() { return backlog.acked; }
    /** While a live lane is open: new records above this seq go ahead of the backlog; else 0. Any thread. */
    public long liveAfter() { return liveAfter; }
    /** The receiver keeps no live range: the stream goes strictly in order. */
    public boolean liveRefused() { return liveRefused; }
    /** Records the next batch takes at most (1 while probing a busy platform: a probe that is refused costs one record). */
    public int limit() { return busyStreak > 0 || probing ? 1 : limit; }

    /** A new sending round: the backlog is looked at again. */
    public void startRound() {
        backlogEmpty = false;
    }

    /** The backlog had nothing (more) to send at this look. */
    public void backlogDone() {
        backlogEmpty = true;
    }

    /**
     * Lets {@code sizer} adapt the limit to a batch of {@code records} encoded in {@code bytes}; false when the batch
     * is over the byte limit and must not be sent (the limit was halved: build it again).
     */
    public boolean fit(BatchSizer sizer, int records, int bytes, int target, int recordTarget) {
        int next = sizer.nextLimit(limit, records, bytes, target, recordTarget);
        boolean send = next >= 0;
        limit = send ? next : -next;
        return send;
    }

    /**
     * The platform answered a batch {@code busy} (PROTOCOL.md 5.1): nothing was stored. Unless already pausing (the
     * answer to another batch of the same window) or with nothing in flight, everything unacknowledged goes again,
     * but only after a pause of {@code BUSY_PAUSE_MIN} doubled per busy answer in a row (up to {@code BUSY_PAUSE_MAX},
     * ±25 % jitter so a fleet does not come back in step) and then one batch at a time until an ok or gap ack.
     * True when the lanes were rewound (a resend).
     */
    public boolean onBusy(long now) {
        if (paused(now) || (backlog.idle() && live.idle())) return false;
        busyStreak++;
        long pause = Math.min(BUSY_PAUSE_MIN << Math.min(busyStreak - 1, 10), BUSY_PAUSE_MAX);
        pausedUntil = now + (long) (pause * (0.75 + 0.5 * java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
        return onPlatformOnline(now);
    }

    /** Whether a busy answer keeps this stream from sending at {@code now}. */
    public boolean paused(long now) {
        return busyStreak > 0 && now - pausedUntil < 0;
    }

    /** When the busy pause ends (nanoTime); meaningful while {@link #paused} is true. */
    public long pausedUntil() {
        return pausedUntil;
    }

    /** Busy answers in a row (0: the platform accepts); while above 0 each lane has one batch in flight at most. */
    public int busyStreak() {
        return busyStreak;
    }

    /** Batches a lane may have in flight now: {@code window}, or 1 while probing a busy platform. */
    public int window(int window) {
        return busyStreak > 0 || probing ? 1 : window;
    }

    /** Applies an ok or gap ack of this stream (either ends a busy streak). */
    public AckResult onAck(Ack a, long now) {
        busyStreak = 0;

        List<Lane.InFlight> done = new ArrayList<>(liveAck(a, now));
        done.addAll(backlog.ackedThrough(a.ackedThrough(), now));
        if (probing) {
            // late acks of the window sent before the timeout move the watermark on, but the platform is still slow:
            // only the ack of a probe (sent since) or a gap ends the probing
            for (Lane.InFlight f : done) if (f.sentNanos() - probingSince >= 0) probing = false;
            if (Ack.GAP.equals(a.status())) probing = false;
        }
        long newAcked = -1;
        boolean resend = false;
        if (a.ackedThrough() > backlog.acked) {
            backlog.acked = a.ackedThrough();
            newAcked = backlog.acked;
            backlog.progressNanos = now;
            if (backlog.sent < backlog.acked) backlog.rewind(backlog.acked, now);
        }
        if (Ack.GAP.equals(a.status()) && !Ack.LIVE_UNSUPPORTED.equals(a.code())) {
            long from = Math.min(a.ackedThrough(), backlog.acked);
            if (a.ackedThrough() < backlog.acked) {
                log.warn("uplink: platform holds {} only through {} (acknowledged through {} before): resending "
                        + "what the buffer still holds from there", name, a.ackedThrough(), backlog.acked);
            }
            if (backlog.sent > from && !(from == rewoundTo && now - rewoundAt < staleGapNanos)) {
                // (a gap naming the seq just rewound to answers a batch sent before that rewind: the repair is on its
                // way, and rewinding again would only send the same window once more)
                if (a.ackedThrough() >= backlog.acked) {
                    log.info("uplink: platform reports a gap in {} after seq {}; resending from there", name, a.ackedThrough());
                }
                rewindBacklog(from, now);
                resend = true;
            }
        }
        return new AckResult(newAcked, resend, done);
    }

    /** Follows the platform's view of the live lane in {@code a} (the receiver's state is authoritative). */
    private List<Lane.InFlight> liveAck(Ack a, long now) {
        if (Ack.LIVE_UNSUPPORTED.equals(a.code())) {
            if (!liveRefused) log.info("uplink: the platform stores {} in order only; sending it without a live lane", name);
            liveRefused = true;
            if (liveAfter > 0) closeLive();
            return List.of();
        }
        if (a.hasLive()) {
            if (liveAfter != a.liveAfter()) {
                log.info("uplink: platform holds {} live through seq {} (live lane opened after seq {}); continuing that lane",
                        name, a.liveThrough(), a.liveAfter());
                liveAfter = a.liveAfter();
                live.acked = a.liveThrough();
                live.rewind(a.liveThrough(), now);
            } else if (a.liveThrough() > live.acked) {
                live.acked = a.liveThrough();
                live.progressNanos = now;
            }
            List<Lane.InFlight> done = live.ackedThrough(live.acked, now);
            // behind the platform, or a gap: go on from what the platform holds
            if (live.sent < live.acked || Ack.GAP.equals(a.status())) live.rewind(live.acked, now);
            return done;
        }
        if (liveAfter == 0) return List.of();
        if (a.ackedThrough() >= liveAfter) {
            // the backlog reached the lane: the platform merged them; lane batches in flight now follow the watermark
            log.info("uplink: {} backlog caught up with the live lane at seq {}", name, liveAfter);
            backlog.adopt(live);
            liveAfter = 0;
        } else if (Ack.GAP.equals(a.status()) && live.acked > liveAfter) {
            // the platform confirmed a lane before and holds none now (its store was restored): start over in order
            log.warn("uplink: platform no longer holds the live range of {} after seq {}; resending in order", name, liveAfter);
            closeLive();
        }
        return List.of();
    }

    /** Opens a live lane above {@code newest}, the source's newest record. */
    public void openLive(long newest, long now) {
        liveAfter = newest;
        live.acked = newest;
        live.maxSent = newest;
        live.rewind(newest, now);
    }

    /** Drops the lane on this side: its records are sent again on the watermark path (the receiver de-duplicates). */
    public void closeLive() {
        liveAfter = 0;
        live.acked = 0;
        live.sent = 0;
        live.maxSent = 0;
        live.clearInflight();
    }

    /** A lane that never got a record, with the backlog all acknowledged and nothing above it: it can never merge. */
    public boolean liveLaneStuckEmpty() {
        return liveAfter > 0 && backlog.idle() && live.idle() && live.sent == liveAfter;
    }

    /**
     * While a live lane is open: how many of the backlog's next records (seq ascending) the next ordinary batch
     * takes, those at or below the lane start. None left below it (dropped by quota): one record from above bridges
     * the hole, so the platform's watermark reaches the lane and they merge, but only with nothing in flight and the
     * watermark still below the lane. 0: the backlog is done up to the lane ({@link #backlogEmpty} is set).
     */
    public int backlogTake(List<SyncRecord> next) {
        int n = 0;
        while (n < next.size() && next.get(n).seq() <= liveAfter) n++;
        if (n > 0) return n;
        if (!backlog.idle() || backlog.acked >= liveAfter || next.isEmpty()) {
            backlogEmpty = true;
            return 0;
        }
        return 1;
    }

    public void rewindBacklog(long to, long now) {
        backlog.rewind(to, now);
        backlogEmpty = false;
        rewoundTo = to;
        rewoundAt = now;
    }

    /** Sets how long after a rewind a gap answer naming the same seq counts as stale (the sender: 3 round trips, at least 2 s). */
    public void staleGapAfterRewind(long nanos) {
        staleGapNanos = nanos;
    }

    /** After a (re)connect: the buffer's acknowledged seq; everything unacknowledged goes again. */
    public boolean onConnect(long sourceAcked, long now) {
        boolean hadInflight = !backlog.idle() || backlog.sent > backlog.acked || !live.idle();
        backlog.acked = Math.max(backlog.acked, sourceAcked);
        backlog.rewind(backlog.acked, now);
        backlogEmpty = false;
        live.rewind(live.acked, now);
        if (liveAfter > 0 && backlog.acked >= liveAfter) closeLive(); // merged while we were away
        return hadInflight;
    }

    /** The platform came back (PROTOCOL.md 2, platform online): resend what it has not acknowledged. */
    public boolean onPlatformOnline(long now) {
        boolean any = false;
        if (backlog.sent > backlog.acked || !backlog.idle()) {
            rewindBacklog(backlog.acked, now);
            any = true;
        }
        if (liveAfter > 0 && (live.sent > live.acked || !live.idle())) {
            live.rewind(live.acked, now);
            any = true;
        }
        return any;
    }

    /**
     * Some time after a receiver announced it (re)subscribed at {@code since} (PROTOCOL.md 2): resends the lanes with
     * batches in flight that made no progress since (published while no receiver listened). Lanes acknowledged
     * meanwhile are served (another receiver of a shared subscription): they go on as usual, so one receiver of
     * several restarting does not make the whole fleet resend its windows. True when a lane was rewound.
     */
    public boolean onPlatformReturn(long now, long since) {
        boolean any = false;
        if (backlog.stalledSince(since)) {
            rewindBacklog(backlog.acked, now);
            any = true;
        }
        if (liveAfter > 0 && live.stalledSince(since)) {
            live.rewind(live.acked, now);
            any = true;
        }
        return any;
    }

    /** A platform resend command from {@code from}. */
    public void onResendCommand(long from, long now) {
        if (backlog.sent >= from) rewindBacklog(from - 1, now);
        if (liveAfter > 0 && from - 1 >= liveAfter && live.sent >= from) live.rewind(from - 1, now);
    }

    /** Resends lanes whose acks stopped for {@code timeoutNanos}; returns how many lanes were rewound. */
    public int checkTimeouts(long now, long timeoutNanos) {
        int n = 0;
        if (backlog.timedOut(now, timeoutNanos)) {
            log.warn("uplink: no ack for {} within {} ms; resending {} from seq {}", name,
                    backlog.timeoutNanos(timeoutNanos) / 1_000_000, name, backlog.acked + 1);
            rewindBacklog(backlog.acked, now);
            backlog.timeoutsInARow++;
            probing = true;
            probingSince = now;
            n++;
        }
        if (live.timedOut(now, timeoutNanos)) {
            log.warn("uplink: no ack for the {} live lane within {} ms; resending it from seq {}", name,
                    live.timeoutNanos(timeoutNanos) / 1_000_000, live.acked + 1);
            live.rewind(live.acked, now);
            live.timeoutsInARow++;
            probing = true;
            probingSince = now;
            n++;
        }
        return n;
    }

    public boolean idle() {
        return backlogEmpty && backlog.idle() && liveAfter == 0;
    }
}
