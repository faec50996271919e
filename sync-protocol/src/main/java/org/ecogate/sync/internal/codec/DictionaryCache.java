package org.ecogate.sync.internal.codec;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A receiver's memory of the senders' point dictionaries (PROTOCOL.md 13.4): per (gateway, stream) the two most recent
 * dictionary ids with their epoch and names, at most {@code maxStreams} streams and {@code maxNames} names in all
 * (least recently used streams evicted: the sender re-announces after an {@code unknown_dictionary} answer). An id's names only grow, so what is held is
 * always a prefix of the sender's dictionary. Thread-safe.
 */
public final class DictionaryCache {
    /** Most names in one dictionary. */
    public static final int MAX_NAMES = 65_536;

    /** One dictionary as held: its epoch and first {@code size} names. */
    static final class Dict {
        final long id;
        final long epoch;
        String[] names = new String[16];
        final java.util.Set<String> known = new java.util.HashSet<>();
        int size;

        Dict(long id, long epoch) {
            this.id = id;
            this.epoch = epoch;
        }
    }

    /** What a batch resolves to: its epoch and its points' names. */
    public record Resolved(long epoch, String[] names) {}

    private final int maxStreams;
    private final long maxNames;
    private long names;
    private final LinkedHashMap<String, Dict[]> byStream;

    public DictionaryCache(int maxStreams) {
        this(maxStreams, 4_000_000L);
    }

    public DictionaryCache(int maxStreams, long maxNames) {
        this.maxStreams = maxStreams;
        this.maxNames = maxNames;
        this.byStream = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Dict[]> eldest) {
                if (size() <= DictionaryCache.this.maxStreams) return false;
                forget(eldest.getValue());
                return true;
            }
        };
    }

    /**
     * Resolves the first {@code size} names of dictionary {@code id} of (gateway, stream) after applying the names a
     * batch carries ({@code added}, from index {@code base} up to {@code size}; null when it carries none, then
     * {@code epoch} and {@code base} are ignored).
     *
     * @throws SyncFormatException {@code unknown_dictionary} when the id is not held, or holds fewer names than the
     *                             batch assumes ({@code base}, or {@code size} without names); {@code malformed} when
     *                             carried names contradict held ones or the epoch differs
     */
    public synchronized Resolved resolve(String gateway, String stream, long id, long epoch, long base, String[] added, int size)
            throws SyncFormatException {
        if (added == null) base = size;
        String key = gateway + "/" + stream;
        Dict[] two = byStream.computeIfAbsent(key, k -> new Dict[2]);
        Dict d = two[0] != null && two[0].id == id ? two[0] : two[1] != null && two[1].id == id ? two[1] : null;
        if (added != null && base == 0 && d == null) {
            d = new Dict(id, epoch);
            if (two[1] != null) names -= two[1].size;
            two[1] = two[0];
            two[0] = d;
        }
        if (d == null || base > d.size) {
            throw new SyncFormatException(Reject.UNKNOWN_DICTIONARY, "batch: dictionary " + Long.toHexString(id) + " of "
                    + key + (d == null ? " is not known here" : " is known here only through " + d.size + " names, the batch assumes " + base), id);
        }
        if (added != null) {
            if (d.epoch != epoch) throw new SyncFormatException(Reject.MALFORMED, "batch: dictionary " + Long.toHexString(id) + " announced again with another epoch");
            if (base + added.length > MAX_NAMES) throw new SyncFormatException(Reject.MALFORMED, "batch: dictionary beyond " + MAX_NAMES + " names");
            for (int i = 0; i < added.length; i++) {
                int at = (int) base + i;
                if (at < d.size) {
                    if (!d.names[at].equals(added[i])) {
                        throw new SyncFormatException(Reject.MALFORMED, "batch: dictionary " + Long.toHexString(id) + " entry " + at + " changed");
                    }
                    continue;
                }
                if (!d.known.add(added[i])) { // names are unique within a dictionary
                    throw new SyncFormatException(Reject.MALFORMED, "batch: dictionary name '" + added[i] + "' twice");
                }
                if (at == d.names.length) d.names = Arrays.copyOf(d.names, d.names.length * 2);
                d.names[at] = added[i];
                d.size = at + 1;
                names++;
            }
            evictBeyondBudget(key);
        }
        return new Resolved(d.epoch, Arrays.copyOf(d.names, size));
    }

    private void forget(Dict[] two) {
        for (Dict x : two) if (x != null) names -= x.size;
    }

    /** Drops the least recently used streams (never {@code keep}) while more than {@code maxNames} names are held. */
    private void evictBeyondBudget(String keep) {
        var it = byStream.entrySet().iterator();
        while (names > maxNames && it.hasNext()) {
            Map.Entry<String, Dict[]> e = it.next();
            if (e.getKey().equals(keep)) continue;
            forget(e.getValue());
            it.remove();
        }
    }

    /** Names held in all dictionaries. */
    public synchronized long names() {
        return names;
    }

    public synchronized int streams() {
        return byStream.size();
    }
}
