package org.ecogate.sync.internal.codec;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sender's point dictionary of one stream (PROTOCOL.md 13.4): a random 64-bit id, names appended in order of first
 * use, never changed under that id. Batches carry the names from {@link #confirmed()} on, until a batch carrying them
 * is acknowledged. {@link #renew()} on every connect; {@link #unconfirm()} when the platform answers
 * {@code unknown_dictionary}; after that the next {@link #REPEAT} acknowledged batches still carry it whole, since with
 * receivers sharing a subscription (PROTOCOL.md 13.4) one acknowledging it says nothing about the others. Sender thread only.
 */
public final class SenderDictionary {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final long epoch;
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private long id;
    private int confirmed;
    private int repeat; // acknowledged batches that must still carry the whole dictionary

    /** After an {@code unknown_dictionary}: this many acknowledged batches carry the whole dictionary again. */
    public static final int REPEAT = 8;

    public SenderDictionary(long epoch) {
        this.epoch = epoch;
        renew();
    }

    /** A new id and an empty dictionary (a new connection). */
    public void renew() {
        long v;
        do {
            v = RANDOM.nextLong();
        } while (v == 0);
        id = v;
        names.clear();
        index.clear();
        confirmed = 0;
        repeat = 0;
    }

    /** The platform does not know (all of) this dictionary: the next batches carry it whole. */
    public void unconfirm() {
        confirmed = 0;
        repeat = REPEAT;
    }

    /**
     * A batch that carried the first {@code size} names was acknowledged: the platform holds them (unless a recent
     * {@link #unconfirm()} asks for {@link #REPEAT} more acknowledged batches first).
     */
    public void confirm(int size) {
        if (repeat > 0) {
            repeat--;
            return;
        }
        if (size > confirmed) confirmed = Math.min(size, names.size());
    }

    public long id() {
        return id;
    }

    public long epoch() {
        return epoch;
    }

    public int size() {
        return names.size();
    }

    /** Names the platform is known to hold. */
    public int confirmed() {
        return confirmed;
    }

    /** The index of {@code name}, appending it when new. */
    int indexOf(String name) {
        Integer k = index.get(name);
        if (k == null) {
            k = names.size();
            names.add(name);
            index.put(name, k);
        }
        return k;
    }

    String name(int k) {
        return names.get(k);
    }
}
