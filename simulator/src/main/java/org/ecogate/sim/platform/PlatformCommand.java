package org.ecogate.sim.platform;

import org.ecogate.sync.ReceiverStats;
import org.ecogate.sync.SyncReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code ecogate-sim platform --broker URL --db FILE}: the simulated central platform. Runs until stopped. */
@Command(name = "platform", description = "Receive gateway batches over MQTT, store them in SQLite, ack after commit.")
public final class PlatformCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(PlatformCommand.class);

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "e.g. tcp://127.0.0.1:1883")
    String broker;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "SQLite store")
    Path db;

    @Option(names = "--client-id", defaultValue = "ecogate-platform", description = "MQTT client id (default ${DEFAULT-VALUE})")
    String clientId;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        try (SqliteSink sink = new SqliteSink(db); SyncReceiver receiver = new SyncReceiver(broker, clientId, sink)) {
            receiver.start();
            log.info("platform receiving from {} into {}", broker, db);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            while (!stop.await(10, TimeUnit.SECONDS)) {
                ReceiverStats s = receiver.stats();
                log.info("platform: batches={} stored={} redelivered={} rejected={}",
                        s.batches(), s.recordsStored(), s.recordsDuplicate(), s.rejected());
            }
        }
        return 0;
    }
}
