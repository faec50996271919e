package org.ecogate.agent.it;

import org.ecogate.hj212.CrcVariant;
import org.ecogate.sim.hj212.FrameStore;
import org.ecogate.sim.hj212.Hj212Platform;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A {@link Rig} (simulated plant, broker, ecogate platform) plus the simulated HJ 212 platform listening on a free
 * loopback port and storing what it receives in {@code hj212.db}: the set-up of the HJ 212 ITs. Not thread-safe.
 * Trap: close it (try-with-resources) so the platform, its store and the rig's processes stop in that order.
 */
final class Hj212Rig implements AutoCloseable {
    final Rig rig;
    final FrameStore store;
    final Hj212Platform platform;
    final int port;
    final Path db;

    Hj212Rig(Path dir, String plantYaml) throws Exception {
        rig = new Rig(dir, plantYaml);
        db = dir.resolve("hj212.db");
        store = new FrameStore(db);
        platform = new Hj212Platform(store, CrcVariant.HJ212, Clock.systemUTC());
        port = platform.start(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public void close() throws Exception {
        try (rig; store; platform) {
            // closed in reverse order: platform, store, rig
        }
    }
}
