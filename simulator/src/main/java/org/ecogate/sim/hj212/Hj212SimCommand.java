package org.ecogate.sim.hj212;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.ecogate.hj212.Cp;
import org.ecogate.hj212.CrcVariant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ecogate-sim hj212 platform}: runs {@link Hj212Platform} until stdin closes or SIGTERM. Control lines on
 * stdin: {@code drop-acks on|off}, {@code close}, {@code stop}, {@code start}, {@code resend MN CN BEGIN END},
 * {@code command MN CN [CP]}, {@code count}. {@code ecogate-sim hj212 audit}: {@link Hj212Audit} on a stored
 * platform. Not thread-safe beyond what the platform is.
 */
@Command(name = "hj212", mixinStandardHelpOptions = true, description = "Simulated HJ 212 platform.",
        subcommands = {Hj212SimCommand.Platform.class, Hj212SimCommand.Audit.class})
public final class Hj212SimCommand {

    @Command(name = "platform", mixinStandardHelpOptions = true,
            description = "Listen for HJ 212 sites on TCP, answer 9014, store frames in SQLite; control lines on stdin.")
    static final class Platform implements Callable<Integer> {
        private static final Logger log = LoggerFactory.getLogger(Platform.class);

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "listen address (default ${DEFAULT-VALUE})")
        String host;
        @Option(names = "--port", required = true, description = "TCP port")
        int port;
        @Option(names = "--db", required = true, paramLabel = "FILE", description = "SQLite store (table frame)")
        Path db;
        @Option(names = "--crc", defaultValue = "hj212", description = "CRC variant: hj212, modbus, modbus-swapped")
        String crc;
        @Option(names = "--drop-acks", description = "never answer 9014 (a platform that never acks)")
        boolean dropAcks;

        @Override
        public Integer call() throws Exception {
            CrcVariant v;
            try {
                v = CrcVariant.parse(crc);
            } catch (IllegalArgumentException e) {
                System.err.println("error: --crc: " + e.getMessage());
                return 2;
            }
            try (FrameStore store = new FrameStore(db); Hj212Platform p = new Hj212Platform(store, v, Clock.systemUTC())) {
                p.setDropAcks(dropAcks);
                InetAddress addr = InetAddress.getByName(host);
                p.start(addr, port);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    control(p, addr, line.trim());
                }
                Thread.currentThread().join(); // stdin closed (e.g. run in the background): serve until killed
            }
            return 0;
        }

        private void control(Hj212Platform p, InetAddress addr, String line) {
            String[] w = line.split("\\s+", 4);
            try {
                switch (w[0]) {
                    case "" -> { }
                    case "drop-acks" -> p.setDropAcks(w.length > 1 && w[1].equals("on"));
                    case "close" -> p.closeConnections();
                    case "stop" -> p.stop();
                    case "start" -> p.start(addr, port);
                    case "resend" -> {
                        String[] r = line.split("\\s+");
                        System.out.println("sent QN=" + p.requestResend(r[1], r[2], r[3], r[4]));
                    }
                    case "command" -> System.out.println("sent QN=" + p.command(w[1], w[2],
                            Cp.parse(w.length > 3 ? w[3] : "")));
                    case "count" -> System.out.println("frames=" + p.store().count("SELECT count(*) FROM frame")
                            + " bad=" + p.store().count("SELECT count(*) FROM frame WHERE ok=0"));
                    default -> System.out.println("error: unknown control line '" + line + "'");
                }
            } catch (Exception e) {
                System.out.println("error: " + line + ": " + e.getMessage());
            }
            System.out.flush();
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Check the stored 2061 hours against their 2051 minutes, 2031 days against their hours, 2051 minutes "
                    + "against the 2011 values sent in them, 2041 run hours; exit 1 on any difference.")
    static final class Audit implements Callable<Integer> {
        @Option(names = "--db", required = true, paramLabel = "FILE", description = "the platform's SQLite store (hj212 platform --db)")
        Path db;
        @Option(names = "--mn", paramLabel = "MN", description = "only this site (default: every site)")
        String mn;

        @Override
        public Integer call() {
            if (!java.nio.file.Files.isRegularFile(db)) {
                System.err.println("error: --db: " + db + ": no such file");
                return 2;
            }
            Hj212Audit.Result r;
            try {
                r = Hj212Audit.run(db, mn);
            } catch (java.sql.SQLException e) {
                System.err.println("error: " + db + ": " + e.getMessage());
                return 1;
            }
            if (!r.differences().isEmpty()) {
                System.out.printf("%-24s %-4s %-14s %-16s %14s  %s%n", "MN", "CN", "DATATIME", "FIELD", "REPORTED", "FROM ITS PARTS");
                for (Hj212Audit.Difference d : r.differences()) {
                    System.out.printf("%-24s %-4s %-14s %-16s %14s  %s%n", d.mn(), d.cn(), d.dataTime(), d.field(), d.reported(), d.recomputed());
                }
            }
            System.out.printf("hj212 audit: %,d messages checked from %,d stored frames: %d differences%n",
                    r.checked(), r.frames(), r.differences().size());
            return r.differences().isEmpty() ? 0 : 1;
        }
    }
}
