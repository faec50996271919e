package org.ecogate.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gateway keys from a directory of {@link KeyFile} {@code <gateway>.key} files (the gateways' own files), re-read at
 * most every {@code rescan}: a new file adds a gateway, a changed file rotates its key (the previous key stays valid
 * for {@code overlap}), a removed file revokes the gateway at once, a bad file is skipped and reported in
 * {@link #problems()} (a gateway whose file turns bad keeps its last good key). Thread-safe: lookups read an immutable
 * snapshot; one caller at a time rescans. Trap: the overlap lives in memory: a restarted receiver knows only the
 * current keys (use the database table for rotations that outlive restarts); keep the directory 0700.
 */
public final class KeyDirectory implements GatewayKeys {
    private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);
    /** How often the directory is re-read by default. */
    public static final Duration DEFAULT_RESCAN = Duration.ofSeconds(10);
    /** How long a rotated-out key stays valid by default. */
    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

    /** One gateway's keys; {@code previous} valid until {@code previousUntil}. */
    private record Entry(byte[] current, byte[] previous, Instant previousUntil, String stamp) {}

    private record State(Map<String, Entry> keys, List<String> problems) {}

    private final Path dir;
    private final Duration rescan;
    private final Duration overlap;
    private final Clock clock;
    private final ReentrantLock scanning = new ReentrantLock();
    private volatile State state = new State(Map.of(), List.of());
    private volatile Instant nextScan;

    /** With the default rescan (10 s) and overlap (24 h). */
    public KeyDirectory(Path dir) throws IOException {
        this(dir, DEFAULT_RESCAN, DEFAULT_OVERLAP, Clock.systemUTC());
    }

    /** Reads {@code dir} now; a missing directory is an error, an empty one is not (gateways may be added later). */
    public KeyDirectory(Path dir, Duration rescan, Duration overlap, Clock clock) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("key directory " + dir + ": no such directory");
        if (rescan.isNegative() || overlap.isNegative()) throw new IllegalArgumentException("rescan and overlap must not be negative");
        this.dir = dir;
        this.rescan = rescan;
        this.overlap = overlap;
        this.clock = clock;
        refresh();
        if (state.keys().isEmpty()) log.warn("keys: {} holds no usable <gateway>.key file yet; every gateway is refused until one is added", dir);
    }

    /** Re-reads the directory now (changed files only); logs one line when something changed. */
    public void refresh() throws IOException {
        scanning.lock();
        try {
            Instant now = clock.instant();
            boolean first = nextScan == null;
            Map<String, Entry> before = state.keys();
            Map<String, Entry> after = new HashMap<>();
            List<String> problems = new ArrayList<>();
            int added = 0, rotated = 0;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + KeyFile.SUFFIX)) {
                for (Path f : ds) {
                    String gw;
                    try {
                        gw = KeyFile.gatewayOf(f);
                    } catch (IllegalArgumentException e) {
                        problems.add(e.getMessage());
                        continue;
                    }
                    Entry old = before.get(gw);
                    try {
                        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                        String stamp = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.MICROSECONDS) + "/" + a.size() + "/" + a.fileKey();
                        if (old != null && old.stamp().equals(stamp)) {
                            after.put(gw, expire(old, now));
                            continue;
                        }
                        byte[] k = KeyFile.read(f);
                        if (old == null) {
                            added++;
                            after.put(gw, new Entry(k, null, null, stamp));
                        } else if (java.util.Arrays.equals(old.current(), k)) {
                            after.put(gw, new Entry(k, old.previous(), old.previousUntil(), stamp));
                        } else {
                            rotated++;
                            after.put(gw, new Entry(k, old.current(), now.plus(overlap), stamp));
                        }
                    } catch (IOException e) {
                        problems.add(e.getMessage() + (old != null ? " (keeping " + gw + "'s last good key)" : ""));
                        if (old != null) after.put(gw, new Entry(old.current(), old.previous(), old.previousUntil(), ""));
                    }
                }
            }
            int removed = 0;
            for (String gw : before.keySet()) if (!after.containsKey(gw)) removed++;
            State s = new State(Map.copyOf(after), List.copyOf(problems));
            boolean changed = added + rotated + removed > 0 || !s.problems().equals(state.problems());
            state = s;
            nextScan = now.plus(rescan);
            if (changed && !first) {
                log.info("keys: {}: {} gateways ({} added, {} rotated with the previous key valid for {}, {} revoked by removal){}",
                        dir, after.size(), added, rotated, overlap, removed,
                        problems.isEmpty() ? "" : "; skipped " + problems.size() + ": " + String.join("; ", problems));
            } else if (changed) {
                log.info("keys: {}: {} gateways{}", dir, after.size(),
                        problems.isEmpty() ? "" : "; skipped " + problems.size() + ": " + String.join("; ", problems));
            }
        } finally {
            scanning.unlock();
        }
    }

    private static Entry expire(Entry e, Instant now) {
        return e.previous() != null && !now.isBefore(e.previousUntil()) ? new Entry(e.current(), null, null, e.stamp()) : e;
    }

    /** Rescans when due; a scan in progress elsewhere is not waited for. */
    private State current() {
        Instant due = nextScan;
        if (due != null && !clock.instant().isBefore(due) && scanning.tryLock()) {
            try {
                if (!clock.instant().isBefore(nextScan)) refresh();
            } catch (IOException e) {
                nextScan = clock.instant().plus(rescan);
                log.warn("keys: cannot list {} ({}); keeping {} gateways' keys", dir, e.getMessage(), state.keys().size());
            } finally {
                scanning.unlock();
            }
        }
        return state;
    }

    @Override
    public byte[] key(String gateway) {
        Entry e = current().keys().get(gateway);
        return e == null ? null : e.current();
    }

    @Override
    public List<byte[]> keys(String gateway) {
        Entry e = current().keys().get(gateway);
        if (e == null) return List.of();
        if (e.previous() != null && clock.instant().isBefore(e.previousUntil())) return List.of(e.current(), e.previous());
        return List.of(e.current());
    }

    @Override
    public List<String> problems() {
        return current().problems();
    }

    @Override
    public boolean required() {
        return true;
    }

    public int size() {
        return state.keys().size();
    }

    @Override
    public String toString() {
        return "keys of " + state.keys().size() + " gateways in " + dir + " (rescan " + rescan.toSeconds() + " s, overlap " + overlap + ")";
    }
}
