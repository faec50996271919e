package org.ecogate.platform;

import org.ecogate.sync.KeyDirectory;
import org.ecogate.sync.testkit.Await;
import org.ecogate.sim.load.LoadGenerator;
import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two receiver services on one shared subscription store 20 signed gateways into one PostgreSQL: every record once
 * (SQL), each stream complete; the cost of sharing (gap answers, records resent) is printed; /health and /metrics.
 */
class ReceiverServiceIT {
    @TempDir
    Path dir;

    static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    static ReceiverService service(MosquittoProcess broker, PgProcess pg, Path keys, String id) throws Exception {
        ReceiverConfig rc = ReceiverConfig.builder(broker.url()).clientId(id).keys(new KeyDirectory(keys)).workers(2).shareGroup("ecogate").build();
        return ReceiverService.start(new ReceiverService.Options(rc, pg.url(), 0));
    }

    @Test
    void twoSharingReceiversStoreEveryRecordOnceInOrder() throws Exception {
        Path keys = dir.resolve("keys");
        try (MosquittoProcess broker = MosquittoProcess.start(); PgProcess pg = PgProcess.start();
             LoadGenerator load = new LoadGenerator(new LoadGenerator.Settings(broker.url(), 20, 10, 600, 0.02, "it", keys, 7))) {
            try (ReceiverService a = service(broker, pg, keys, "rx-a"); ReceiverService b = service(broker, pg, keys, "rx-b")) {
                Await.until("receivers connected", Duration.ofSeconds(10), () -> a.connected() && b.connected());
                assertThat(get(a.httpPort(), "/health")).startsWith("200 ok");
                load.start();
                Thread.sleep(8_000);
                load.stopProducing();
                Await.until("every record acknowledged", Duration.ofSeconds(60), () -> load.backlog() == 0);
                long produced = load.produced();
                assertThat(Sql.scalar(pg, "SELECT (SELECT count(*) FROM ecogate_reading) + (SELECT count(*) FROM ecogate_document)")).isEqualTo(produced);
                assertThat(Sql.scalar(pg, "SELECT count(*) FROM (SELECT DISTINCT gateway, epoch, stream, seq FROM ecogate_reading) d")
                        + Sql.scalar(pg, "SELECT count(*) FROM ecogate_document")).isEqualTo(produced);
                // every stream complete: seqs 1..watermark, nothing missing
                assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_stream s WHERE committed_through <> "
                        + "(SELECT count(*) FROM ecogate_reading r WHERE r.gateway=s.gateway AND r.epoch=s.epoch AND r.stream=s.stream) "
                        + "+ (SELECT count(*) FROM ecogate_document d WHERE d.gateway=s.gateway AND d.epoch=s.epoch AND d.stream=s.stream)")).isZero();
                long gaps = a.stats().gaps() + b.stats().gaps();
                long dup = a.stats().recordsDuplicate() + b.stats().recordsDuplicate();
                System.out.printf("sharing cost: produced %,d records; receivers a/b stored %,d/%,d; gap answers %,d; "
                                + "records resent %,d (%.1f %%); duplicates re-acked %,d; commits refused by the row check %,d; gaps avoided by hold-back %,d%n",
                        produced, a.stats().recordsStored(), b.stats().recordsStored(), gaps, load.recordsSent() - produced,
                        100.0 * (load.recordsSent() - produced) / produced, dup, a.stats().conflicts() + b.stats().conflicts(), a.stats().gapsAvoided() + b.stats().gapsAvoided());
                assertThat(a.stats().recordsStored()).isPositive();
                assertThat(b.stats().recordsStored()).isPositive();
                String m = get(a.httpPort(), "/metrics");
                assertThat(m).contains("ecogate_receiver_records_stored_total " + a.stats().recordsStored())
                        .contains("ecogate_receiver_rejects_total{code=\"bad_mac\"} 0").contains("ecogate_gateway_lag_seconds{gateway=\"it-0000")
                        .contains("ecogate_receiver_db_commit_seconds_count");
            }
        }
    }
}
