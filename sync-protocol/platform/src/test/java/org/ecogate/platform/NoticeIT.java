package org.ecogate.platform;

import org.ecogate.sync.KeyDirectory;
import org.ecogate.sync.testkit.Await;
import org.ecogate.sim.load.LoadGenerator;
import org.ecogate.sim.platform.WebhookReceiver;
import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outage events become webhook notices exactly once per (event id, status), through a webhook that refuses the
 * first 40 requests (retried with backoff) while ingestion goes on unblocked; two receivers share the outbox.
 */
class NoticeIT {
    @TempDir
    Path dir;

    @Test
    void everyOutageStateIsNotifiedOnceAndAFailingWebhookDoesNotBlockIngestion() throws Exception {
        Path keys = dir.resolve("keys");
        try (MosquittoProcess broker = MosquittoProcess.start(); PgProcess pg = PgProcess.start(); WebhookReceiver hook = new WebhookReceiver(0, 40);
             LoadGenerator load = new LoadGenerator(new LoadGenerator.Settings(broker.url(), 10, 5, 600, 0.2, "nt", keys, 3))) {
            ReceiverService.Options o = new ReceiverService.Options(ReceiverConfig.builder(broker.url()).clientId("rx-n1")
                    .keys(new KeyDirectory(keys)).shareGroup("ecogate").build(), pg.url(), -1, URI.create(hook.url()), ZoneId.of("Asia/Shanghai"));
            try (ReceiverService a = ReceiverService.start(o);
                 ReceiverService b = ReceiverService.start(new ReceiverService.Options(ReceiverConfig.builder(broker.url()).clientId("rx-n2")
                         .keys(new KeyDirectory(keys)).shareGroup("ecogate").build(), pg.url(), -1, URI.create(hook.url()), ZoneId.of("UTC")))) {
                Await.until("connected", Duration.ofSeconds(10), () -> a.connected() && b.connected());
                load.start();
                Thread.sleep(5_000);
                // the webhook is still refusing (or retrying with backoff) while readings flow in
                assertThat(a.stats().recordsStored() + b.stats().recordsStored()).isPositive();
                load.stopProducing();
                Await.until("drained", Duration.ofSeconds(60), () -> load.backlog() == 0);
                long events = Sql.scalar(pg, "SELECT count(*) FROM ecogate_document WHERE body LIKE '%\"outage\"%'");
                long distinct = Sql.scalar(pg, "SELECT count(DISTINCT key || ':' || (body::json->>'status')) FROM ecogate_document WHERE body LIKE '%\"outage\"%'");
                assertThat(events).isGreaterThan(5);
                Await.until("every notice delivered", Duration.ofSeconds(90), () -> hook.keys().size() == distinct);
                Thread.sleep(1000);
                Set<String> keysSeen = new HashSet<>(hook.keys());
                assertThat(keysSeen).hasSize((int) distinct);
                assertThat(hook.repeats()).isZero();
                assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_notice WHERE delivered_at IS NULL")).isZero();
                assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_notice WHERE attempts > 1")).isPositive();
                String any = hook.body(hook.keys().get(0));
                System.out.println("notices: " + distinct + " event states, " + events + " outage records; e.g. " + any);
                assertThat(any).contains("please check and restore in time").contains("请及时检查恢复");
            }
        }
    }
}
