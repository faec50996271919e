package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.uplink.Uplink;
import org.ecogate.agent.uplink.hj212.Hj212Uplink;
import org.ecogate.agent.uplink.sync.SyncUplink;
import org.ecogate.agentstatus.AgentStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Every uplink of the running agent as one list: the ecogate sync first, then one per HJ 212 platform. A cycle wakes
 * them all; the HJ 212 part can be replaced live ({@link #replacePlatforms}). Thread-safe: the list is an immutable
 * snapshot swapped whole. Trap: the sync uplink carries the platform's config commands, so it is never swapped live.
 */
final class Uplinks {
    private final SyncUplink sync;
    private final Hj212Uplinks hj212;
    private final Buffer buffer;
    private volatile List<Hj212Uplink> platforms = List.of();
    private volatile List<Uplink> all;

    Uplinks(SyncUplink sync, Hj212Uplinks hj212, Buffer buffer) {
        this.sync = sync;
        this.hj212 = hj212;
        this.buffer = buffer;
        this.all = List.of(sync);
    }

    /** Starts the sync uplink (its thread dying of an error ends the agent: {@link UplinkWatch}) and the configured HJ 212 platforms. */
    void start(AgentConfig cfg) throws BufferException {
        UplinkWatch.watch(sync.threadName(), "sync");
        sync.start();
        replacePlatforms(cfg);
    }

    /** Closes the HJ 212 uplinks and starts those {@code cfg} names (each continues from its cursor in the buffer). */
    synchronized void replacePlatforms(AgentConfig cfg) throws BufferException {
        closePlatforms(); // before building: the new ones read the settings files the old ones may write at close
        List<Hj212Uplink> next = hj212.build(cfg, buffer);
        for (Hj212Uplink u : next) u.start();
        platforms = List.copyOf(next);
        List<Uplink> l = new ArrayList<>();
        l.add(sync);
        l.addAll(next);
        all = List.copyOf(l);
    }

    /** Every uplink, the ecogate sync first. */
    List<Uplink> all() {
        return all;
    }

    SyncUplink sync() {
        return sync;
    }

    List<AgentStatus.PlatformUplink> platformStatus() {
        List<AgentStatus.PlatformUplink> out = new ArrayList<>();
        for (Hj212Uplink u : platforms) out.add(u.status());
        return out;
    }

    /** At stop, before the sync drains: the HJ 212 platforms continue from their cursors after a restart. */
    synchronized void closePlatforms() {
        List<Hj212Uplink> old = platforms;
        platforms = List.of();
        all = List.of(sync);
        for (Hj212Uplink u : old) u.close();
    }
}
