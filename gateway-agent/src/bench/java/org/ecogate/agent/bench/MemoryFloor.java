package org.ecogate.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.sync.TlsConfig;
import org.ecogate.sync.internal.transport.MqttCallback;
import org.ecogate.sync.internal.transport.MqttClient;
import org.ecogate.sync.internal.transport.MqttMessage;
import org.ecogate.sync.internal.transport.MqttSupport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The memory floor of issue 21's 1,000 points/s load (a program, started by {@link CostBench} through the real launcher
 * so it runs with the launcher's JVM profile): what the parts the agent cannot do without hold when they do the load's
 * work and nothing else. It reads the agent's config with Jackson (YAML), keeps one TLS connection to the same broker
 * with ecogate's MQTT client (the config's CA, host name verified) and publishes a signed (HMAC-SHA256) 1 KB message a
 * second at QoS 1, writes a small JSON status with Jackson's data binding a second, and appends the load's rows (point,
 * ts, value, quality) to a WAL SQLite file through sqlite-jdbc in one transaction a second. No devices, no detection,
 * no buffer logic. Usage: {@code MemoryFloor <agent config> <rows per second> <seconds>}; prints nothing (the bench
 * reads its /proc/PID/status).
 */
public final class MemoryFloor {
    public static void main(String[] args) throws Exception {
        JsonNode cfg = new ObjectMapper(new YAMLFactory()).readTree(Path.of(args[0]).toFile());
        int rows = Integer.parseInt(args[1]);
        long end = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        JsonNode up = cfg.path("uplink");
        String url = up.path("broker").asText();
        TlsConfig tls = new TlsConfig(up.hasNonNull("caFile") ? Path.of(up.path("caFile").asText()) : null, null, null, true);
        MqttClient mqtt = new MqttClient(url, "memory-floor");
        mqtt.setCallback((MqttCallback) (topic, message) -> { });
        mqtt.connect(MqttSupport.options(url, null, null, tls, 16));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("memory-floor-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        ObjectMapper json = new ObjectMapper();
        Path db = Path.of(args[0]).resolveSibling("memory-floor.db");
        Files.deleteIfExists(db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA cache_size=-512");
                st.execute("CREATE TABLE reading(point INTEGER, ts INTEGER, value REAL, quality INTEGER)");
            }
            c.setAutoCommit(false);
            byte[] payload = new byte[1024];
            long n = 0;
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO reading VALUES (?, ?, ?, ?)")) {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime(), now = System.currentTimeMillis();
                    for (int i = 0; i < rows; i++) {
                        ins.setInt(1, i);
                        ins.setLong(2, now);
                        ins.setDouble(3, 20 + (n++ % 97) / 10.0);
                        ins.setInt(4, 0);
                        ins.addBatch();
                    }
                    ins.executeBatch();
                    c.commit();
                    Map<String, Object> status = new LinkedHashMap<>();
                    status.put("gateway", "memory-floor");
                    status.put("readings", n);
                    status.put("ts", now);
                    byte[] doc = json.writeValueAsBytes(status);
                    System.arraycopy(doc, 0, payload, 0, Math.min(doc.length, payload.length - 32));
                    System.arraycopy(mac.doFinal(payload), 0, payload, payload.length - 32, 32);
                    MqttMessage m = new MqttMessage(payload);
                    m.setQos(1);
                    mqtt.publish("ecogate/memory-floor", m);
                    Thread.sleep(Math.max(1, 1000 - (System.nanoTime() - t0) / 1_000_000));
                }
            }
        }
        mqtt.disconnect(2000);
        mqtt.close();
    }
}
