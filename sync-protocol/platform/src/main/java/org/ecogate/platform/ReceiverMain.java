package org.ecogate.platform;

import org.ecogate.sync.KeyDirectory;
import org.ecogate.sync.GatewayKeys;
import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.SinkException;
import org.ecogate.sync.TlsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/ecogate-receiver}: the receiver service (MQTT shared subscription into PostgreSQL). Exit codes: 0 stopped
 * by a signal, 2 invalid options or key directory, 3 database unreachable at start. Holds no logic: see
 * {@link ReceiverService}.
 */
@Command(name = "ecogate-receiver", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Receives gateways' batches from an MQTT broker into PostgreSQL; run several for load sharing.")
public final class ReceiverMain implements Callable<Integer> {
    @Option(names = "--broker", required = true, paramLabel = "URL", description = "tcp://host:1883 or ssl://host:8883")
    String broker;

    @Option(names = "--db", required = true, paramLabel = "URL", description = "postgresql://user[:password]@host:port/db (or PGPASSWORD)")
    String db;

    @Option(names = "--keys", paramLabel = "DIR", description = "directory of <gateway>.key files, the gateways' own key files "
            + "(or --keys-table; one is required unless --insecure-no-keys)")
    Path keys;

    @Option(names = "--keys-table", description = "keys from the database table ecogate_gateway_key (rotation overlap and "
            + "revocation in rows; see README)")
    boolean keysTable;

    @Option(names = "--key-rescan", defaultValue = "10", paramLabel = "SECONDS",
            description = "how often key changes are picked up (default ${DEFAULT-VALUE} s)")
    int keyRescan;

    @Option(names = "--key-overlap", defaultValue = "86400", paramLabel = "SECONDS",
            description = "--keys DIR: how long a gateway's previous key stays valid after its file changed (default ${DEFAULT-VALUE} s)")
    long keyOverlap;

    @Option(names = "--max-message-bytes", defaultValue = "" + ReceiverConfig.DEFAULT_MAX_MESSAGE_BYTES, paramLabel = "BYTES",
            description = "larger messages are read past and counted rejects_total{code=\"oversize\"}; set the broker's "
                    + "message_size_limit to the same value (default ${DEFAULT-VALUE})")
    int maxMessageBytes;

    @Option(names = "--insecure-no-keys", description = "accept unsigned batches from any gateway (closed test networks only)")
    boolean noKeys;

    @Option(names = "--client-id", paramLabel = "ID", description = "MQTT client id, unique per instance (default: receiver-<host>-<pid>)")
    String clientId;

    @Option(names = "--share-group", paramLabel = "NAME", defaultValue = "ecogate",
            description = "MQTT shared-subscription group ($share/NAME/...); 'none' for a plain subscription (default: ${DEFAULT-VALUE})")
    String shareGroup;

    @Option(names = "--workers", defaultValue = "4", description = "worker threads (a gateway always on the same one; default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--http-port", defaultValue = "9464", description = "loopback port of /health and /metrics; 0 any, -1 none (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--username", description = "MQTT user name")
    String username;

    @Option(names = "--password-env", paramLabel = "VAR", description = "environment variable holding the MQTT password")
    String passwordEnv;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "CA verifying the broker (ssl://)")
    Path caFile;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST outage notices (JSON, Chinese and English text) to this URL")
    java.net.URI webhook;

    @Option(names = "--zone", defaultValue = "Asia/Shanghai", description = "plants' time zone for notice texts (default ${DEFAULT-VALUE})")
    java.time.ZoneId zone;

    @Option(names = "--keep-raw-days", defaultValue = "0", paramLabel = "DAYS",
            description = "drop raw reading partitions older than DAYS UTC days, checked hourly; events and summaries are kept "
                    + "(default ${DEFAULT-VALUE}: keep everything)")
    int keepRawDays;

    @Override
    public Integer call() throws Exception {
        if (keys == null && !keysTable && !noKeys) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--keys DIR or --keys-table is required (or --insecure-no-keys)");
        }
        if (keys != null && keysTable) throw new CommandLine.ParameterException(new CommandLine(this), "--keys DIR and --keys-table: choose one");
        if (keepRawDays < 0) throw new CommandLine.ParameterException(new CommandLine(this), "--keep-raw-days must be >= 0");
        if (keyRescan < 1 || keyOverlap < 0) throw new CommandLine.ParameterException(new CommandLine(this), "--key-rescan must be >= 1 and --key-overlap >= 0");
        GatewayKeys gk;
        PgConnections keyPool = null;
        try {
            if (noKeys) {
                gk = GatewayKeys.none();
            } else if (keys != null) {
                gk = new KeyDirectory(keys, Duration.ofSeconds(keyRescan), Duration.ofSeconds(keyOverlap), Clock.systemUTC());
            } else {
                keyPool = new PgConnections(db);
                gk = new PgKeys(keyPool, Duration.ofSeconds(keyRescan), Clock.systemUTC());
            }
        } catch (IOException e) {
            System.err.println("ecogate-receiver: " + e.getMessage());
            return 2;
        } catch (SQLException e) {
            System.err.println("ecogate-receiver: keys from the database: " + e.getMessage());
            return 3;
        }
        String id = clientId != null ? clientId : "receiver-" + host() + "-" + ProcessHandle.current().pid();
        ReceiverConfig rc = ReceiverConfig.builder(broker).clientId(id).keys(gk).workers(workers)
                .shareGroup("none".equals(shareGroup) ? null : shareGroup).maxMessageBytes(maxMessageBytes)
                .credentials(username, passwordEnv == null ? null : System.getenv(passwordEnv))
                .tls(caFile == null ? null : new TlsConfig(caFile, null, null, true)).build();
        ReceiverService svc;
        try {
            svc = ReceiverService.start(new ReceiverService.Options(rc, db, httpPort, webhook, zone));
        } catch (SinkException e) {
            System.err.println("ecogate-receiver: " + e.getMessage());
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        PgConnections kp = keyPool;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            svc.close();
            if (kp != null) kp.close();
            stopped.countDown();
        }, "receiver-stop"));
        if (keepRawDays > 0) retention(svc, keepRawDays);
        System.out.println("ecogate-receiver " + id + ": " + broker + " -> " + db.replaceAll(":[^:@/]*@", ":***@")
                + (svc.httpPort() < 0 ? "" : ", metrics on http://127.0.0.1:" + svc.httpPort() + "/metrics"));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Hourly: drops raw partitions older than {@code days}; one log line when something was dropped or it failed. */
    private static void retention(ReceiverService svc, int days) {
        java.util.concurrent.ScheduledExecutorService ex = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "receiver-retention");
            t.setDaemon(true);
            return t;
        });
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReceiverMain.class);
        ex.scheduleWithFixedDelay(() -> {
            java.time.LocalDate keep = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(days);
            try {
                int n = svc.dropRawBefore(keep);
                if (n > 0) log.info("retention: dropped {} raw reading partitions before {}", n, keep);
            } catch (SinkException | RuntimeException e) {
                log.warn("retention: partitions before {} not dropped: {}", keep, e.getMessage());
            }
        }, 1, 3600, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_-]", "-");
        } catch (IOException e) {
            return "host";
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new ReceiverMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("ecogate-receiver: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("ecogate-receiver: " + e);
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
