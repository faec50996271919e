package org.ecogate.sim.platform;

import org.ecogate.sync.Sink;
import org.ecogate.sync.SinkContract;
import org.ecogate.sync.StreamKey;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The simulator's {@link SqliteSink} passes sync-protocol's {@link SinkContract}. */
class SqliteSinkContractTest extends SinkContract {
    @TempDir
    Path dir;
    int n;

    @Override
    protected Sink newSink() throws Exception {
        return new SqliteSink(dir.resolve("platform-" + (++n) + ".db"));
    }

    @Override
    protected Sink reopen(Sink sink) throws Exception {
        ((SqliteSink) sink).close();
        return new SqliteSink(dir.resolve("platform-" + n + ".db"));
    }

    @Override
    protected List<Long> storedSeqs(Sink sink, StreamKey key) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("platform-" + n + ".db"));
             PreparedStatement ps = c.prepareStatement("SELECT seq FROM record WHERE gateway=? AND epoch=? AND stream=? ORDER BY seq")) {
            ps.setString(1, key.gateway());
            ps.setLong(2, key.epoch());
            ps.setString(3, key.stream());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
