package org.ecogate.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Compares what the agent committed with the platform store: every reading the agent's buffer holds (asked through
 * the agent's own CLI, {@code ecogate buffer stats|export --json}: the simulator never opens the agent's files)
 * must be in the store once, with the same seq, point, time and value. Read-only. Not thread-safe.
 */
public final class StoreComparison {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreComparison() {}

    /** A platform record of the readings stream. */
    private record Stored(String point, long ts, Double value) {}

    /**
     * @param agentCommand how to start the agent's CLI, e.g. {@code [bin/ecogate]}
     * @param agentConfig  the config the agent ran with (it names the buffer)
     */
    public static DemoResult compare(List<String> agentCommand, Path agentConfig, Path platformDb, String gateway)
            throws IOException, SQLException, InterruptedException {
        long epoch = JSON.readTree(cli(agentCommand, agentConfig, List.of("buffer", "stats", "--json"))).path("epoch").asLong();
        Map<Long, Stored> stored = new HashMap<>();
        long duplicates;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + platformDb.toAbsolutePath());
             PreparedStatement ps = c.prepareStatement(
                     "SELECT seq, point, ts, value FROM record WHERE gateway=? AND epoch=? AND stream='readings'")) {
            ps.setString(1, gateway);
            ps.setLong(2, epoch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    String point = rs.getString(2);
                    long ts = rs.getLong(3);
                    double v = rs.getDouble(4);
                    stored.put(seq, new Stored(point, ts, rs.wasNull() ? null : v));
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) - (SELECT count(*) FROM "
                    + "(SELECT DISTINCT gateway, epoch, stream, seq FROM record)) FROM record")) {
                duplicates = rs.next() ? rs.getLong(1) : 0;
            }
        }
        long[] counts = new long[2]; // acquired, delivered
        exportReadings(agentCommand, agentConfig, r -> {
            counts[0]++;
            Stored s = stored.get(r.path("seq").asLong());
            Double value = r.path("value").isNumber() ? r.path("value").asDouble() : null;
            if (s != null && s.point().equals(r.path("point").asText()) && s.ts() == r.path("ts").asLong()
                    && sameValue(s.value(), value)) {
                counts[1]++;
            }
        });
        return new DemoResult(counts[0], counts[1], duplicates, counts[0] - counts[1], platformDb.toAbsolutePath().getParent());
    }

    /** As SQL's {@code IS}: both missing, or numerically equal (SQLite stores -0.0 as 0). */
    private static boolean sameValue(Double a, Double b) {
        return a == null ? b == null : b != null && a.doubleValue() == b.doubleValue();
    }

    private static void exportReadings(List<String> agentCommand, Path agentConfig, Consumer<JsonNode> each)
            throws IOException, InterruptedException {
        Cli c = Cli.start(agentCommand, agentConfig, List.of("buffer", "export", "--json", "--from", "0",
                "--to", Long.toString(Long.MAX_VALUE / 2)));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(c.process().getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) if (!line.isBlank()) each.accept(JSON.readTree(line));
        }
        c.finish("buffer export");
    }

    /** Per stream: rows the agent's buffer holds, records the platform store holds, distinct seqs among them. */
    public record StreamCount(String stream, long committed, long stored, long distinct) {}

    /**
     * The per-stream counts the demo prints: the agent's side from {@code ecogate buffer stats --json}, the platform's
     * from the same SQL the README gives to check them.
     */
    public static List<StreamCount> perStream(List<String> agentCommand, Path agentConfig, Path platformDb, String gateway)
            throws IOException, SQLException, InterruptedException {
        com.fasterxml.jackson.databind.JsonNode stats = JSON.readTree(cli(agentCommand, agentConfig, List.of("buffer", "stats", "--json")));
        List<StreamCount> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + platformDb.toAbsolutePath());
             PreparedStatement ps = c.prepareStatement("SELECT count(*), count(DISTINCT seq) FROM record WHERE gateway=? AND stream=?")) {
            for (String stream : List.of("readings", "events", "summaries", "gaps")) {
                long committed = 0;
                for (com.fasterxml.jackson.databind.JsonNode s : stats.path("streams")) {
                    if (s.path("stream").asText().equals(stream)) committed = s.path("rows").asLong();
                }
                ps.setString(1, gateway);
                ps.setString(2, stream);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(new StreamCount(stream, committed, rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return out;
    }

    private static String cli(List<String> agentCommand, Path agentConfig, List<String> args) throws IOException, InterruptedException {
        Cli c = Cli.start(agentCommand, agentConfig, args);
        String out = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        c.finish(String.join(" ", args));
        return out;
    }

    /** One run of the agent's CLI; its stderr goes to a file, shown when it fails. */
    private record Cli(Process process, Path err) {
        static Cli start(List<String> agentCommand, Path agentConfig, List<String> args) throws IOException {
            List<String> cmd = new ArrayList<>(agentCommand);
            cmd.addAll(args);
            cmd.addAll(List.of("--config", agentConfig.toString()));
            Path err = Files.createTempFile("ecogate-demo-cli", ".err");
            return new Cli(new ProcessBuilder(cmd).redirectError(err.toFile()).start(), err);
        }

        void finish(String what) throws IOException, InterruptedException {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("ecogate " + what + ": no answer in 60 s");
                }
                if (process.exitValue() != 0) {
                    String text = Files.readString(err).strip();
                    throw new IOException("ecogate " + what + " exited with " + process.exitValue() + (text.isEmpty() ? "" : ": " + text));
                }
            } finally {
                Files.deleteIfExists(err);
            }
        }
    }
}
