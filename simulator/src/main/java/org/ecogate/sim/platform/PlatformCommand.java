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

/**
 * {@code ecogate-sim platform --broker URL --db FILE (--key GW=KEY | --key-file FILE | --insecure)}: the simulated
 * central platform. Signed batches by default: without a key it refuses to start unless {@code --insecure}.
 * {@code --push-config GATEWAY=FILE} sends a gateway its new config as a signed command and logs its answer.
 */
@Command(name = "platform", mixinStandardHelpOptions = true, description = "Receive gateway batches over MQTT, store them in SQLite, ack after commit.")
public final class PlatformCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(PlatformCommand.class);

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "e.g. tcp://127.0.0.1:1883")
    String broker;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "SQLite store")
    Path db;

    @Option(names = "--client-id", defaultValue = "ecogate-platform", description = "MQTT client id (default ${DEFAULT-VALUE})")
    String clientId;

    @Option(names = "--key", paramLabel = "GATEWAY=KEY", description = "HMAC key of a gateway (repeatable); with any key, "
            + "unsigned batches and gateways without a key are rejected")
    java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();

    @Option(names = "--key-file", paramLabel = "FILE", description = "lines GATEWAY=KEY (repeatable with --key)")
    Path keyFile;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM CA verifying an ssl:// broker (default: JVM trust store)")
    Path caFile;

    @Option(names = "--username", description = "MQTT user name")
    String username;

    @Option(names = "--password-env", paramLabel = "VAR", description = "environment variable holding the MQTT password")
    String passwordEnv;

    @Option(names = "--push-config", paramLabel = "GATEWAY=FILE", description = "once connected, push FILE as GATEWAY's config "
            + "(a signed config command: needs the gateway's key); the gateway's result is logged")
    java.util.Map<String, Path> pushConfig = new java.util.LinkedHashMap<>();

    @Option(names = "--insecure", description = "accept UNSIGNED batches from any gateway (without it, --key or --key-file is required)")
    boolean insecure;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        java.util.Map<String, byte[]> k = new java.util.HashMap<>();
        if (keyFile != null) {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(keyFile);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n).trim();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                if (eq < 1) {
                    // never echo the line: it is most likely a key (a gateway's own hmac.key holds just the key)
                    System.err.println("error: --key-file " + keyFile + ":" + (n + 1) + ": expected GATEWAY=KEY (the gateway id, '=', "
                            + "then the key from that gateway's hmac.key); the line is not shown since it may hold a key");
                    return 2;
                }
                k.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        keys.forEach((g, v) -> k.put(g, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (k.isEmpty() && !insecure) {
            System.err.println("error: no gateway keys: batches are signed by default; pass --key GATEWAY=KEY or --key-file FILE "
                    + "(the key in the gateway's uplink.keyFile), or --insecure to accept unsigned batches");
            return 2;
        }
        java.util.Map<String, String> pushes = new java.util.LinkedHashMap<>();
        for (java.util.Map.Entry<String, Path> e : pushConfig.entrySet()) {
            String err = !k.containsKey(e.getKey()) ? "no key for gateway " + e.getKey() + ": config commands are always signed"
                    : !java.nio.file.Files.isReadable(e.getValue()) ? "cannot read " + e.getValue()
                    : java.nio.file.Files.size(e.getValue()) > org.ecogate.sync.Command.MAX_BODY
                    ? e.getValue() + ": larger than a config command carries (" + org.ecogate.sync.Command.MAX_BODY + " bytes)" : null;
            if (err != null) {
                System.err.println("error: --push-config " + e.getKey() + "=" + e.getValue() + ": " + err);
                return 2;
            }
            pushes.put(e.getKey(), java.nio.file.Files.readString(e.getValue()));
        }
        if (k.isEmpty()) {
            log.warn("INSECURE: --insecure and no gateway keys: UNSIGNED batches from any gateway are stored; anyone who can "
                    + "publish to the broker can forge data");
        }
        org.ecogate.sync.ReceiverConfig rc = org.ecogate.sync.ReceiverConfig.builder(broker).clientId(clientId)
                .credentials(username, passwordEnv == null ? null : System.getenv(passwordEnv))
                .tls(new org.ecogate.sync.TlsConfig(caFile, null, null, true)).keys(k).build();
        try (SqliteSink sink = new SqliteSink(db); SyncReceiver receiver = new SyncReceiver(rc, sink)) {
            receiver.onStatus(st -> {
                if (st.kind().equals(org.ecogate.sync.GatewayStatus.RESULT)) {
                    log.info("platform: gateway {} answered command {}: {}", st.gateway(), st.command(), st.detail());
                }
            });
            receiver.start();
            log.info("platform receiving from {} into {}", broker, db);
            for (java.util.Map.Entry<String, String> e : pushes.entrySet()) push(receiver, e.getKey(), e.getValue());
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            while (!stop.await(10, TimeUnit.SECONDS)) {
                ReceiverStats s = receiver.stats();
                log.info("platform: batches={} stored={} redelivered={} rejected={}",
                        s.batches(), s.recordsStored(), s.recordsDuplicate(), s.rejected());
            }
        }
        return 0;
    }

    /** Publishes once the receiver is connected (it connects in the background), trying for 30 s. */
    private static void push(SyncReceiver receiver, String gateway, String yaml) throws InterruptedException {
        for (int i = 0; i < 120; i++) {
            try {
                log.info("platform: config command {} pushed to {} ({} characters)", receiver.pushConfig(gateway, yaml), gateway, yaml.length());
                return;
            } catch (Exception e) {
                Thread.sleep(250);
            }
        }
        log.error("platform: config for {} not pushed: no broker connection within 30 s", gateway);
    }
}
