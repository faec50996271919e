package org.ecogate.platform;

import org.ecogate.sync.Sink;
import org.ecogate.sync.SinkContract;
import org.ecogate.sync.StreamKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** {@link PgSink} passes the {@link SinkContract} against a real PostgreSQL started for the test. */
class PgSinkContractTest extends SinkContract {
    static PgProcess pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PgProcess.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    @Override
    protected Sink newSink() throws Exception {
        try (PgConnections pool = new PgConnections(pg.url()); Connection c = pool.borrow(); Statement st = c.createStatement()) {
            st.execute("DROP VIEW IF EXISTS ecogate_reading CASCADE");
            st.execute("DROP TABLE IF EXISTS ecogate_stream, ecogate_reading_batch, ecogate_point, ecogate_document CASCADE");
        }
        return new PgSink(new PgConnections(pg.url()));
    }

    @Override
    protected Sink reopen(Sink sink) throws Exception {
        ((PgSink) sink).close();
        return new PgSink(new PgConnections(pg.url()));
    }

    @Override
    protected List<Long> storedSeqs(Sink sink, StreamKey k) throws Exception {
        List<Long> out = new ArrayList<>();
        try (PgConnections pool = new PgConnections(pg.url()); Connection c = pool.borrow();
             PreparedStatement ps = c.prepareStatement("SELECT seq FROM (SELECT gateway, epoch, stream, seq FROM ecogate_reading "
                     + "UNION ALL SELECT gateway, epoch, stream, seq FROM ecogate_document) r WHERE gateway=? AND epoch=? AND stream=? ORDER BY seq")) {
            ps.setString(1, k.gateway());
            ps.setLong(2, k.epoch());
            ps.setString(3, k.stream());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
