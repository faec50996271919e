package org.ecogate.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.sync.Command;
import org.ecogate.sync.GatewayStatus;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;
import org.ecogate.sync.internal.transport.MqttClient;
import org.ecogate.sync.internal.transport.MqttMessage;
import org.ecogate.sync.internal.transport.MqttSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, config over the command channel: a real agent, mosquitto and the platform's receiver pushing signed
 * {@code config} commands. A good config is applied and kept as the overlay in the state directory (the admin's file
 * untouched); a bad one is rejected with its line and field; one whose device does not answer is rolled back; forged
 * and unsigned commands are ignored.
 */
class RemoteConfigIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aConfigCommandIsValidatedAppliedOrRolledBackAndForgedOnesAreIgnored() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Map<String, String> results = new ConcurrentHashMap<>();
            rig.receiver.onStatus(s -> {
                if (s.kind().equals(GatewayStatus.RESULT)) results.put(s.command(), s.detail());
            });
            Path cfg = rig.agentConfig("");
            String full = Files.readString(cfg);
            String fanOnly = full.replaceAll("(?s)  - id: line1\n.*$", "");
            Files.writeString(cfg, fanOnly);
            rig.startAgentAndWait(cfg, "agent.log");
            rig.awaitLog("agent.log", "uplink: connected to", 20_000); // not a device's "fan1: connected": a push before the uplink subscribed is lost

            // (a) a good config adding line1: applied, its changed section kept as the overlay beside the buffer
            Path overlay = dir.resolve("ecogate.overlay.yaml");
            String a = rig.receiver.pushConfig(Rig.GATEWAY, full);
            assertThat(await(results, a)).startsWith("applied: devices added line1").contains("kept as the overlay " + overlay);
            assertThat(status(rig).path("lastReload").path("message").asText()).contains("config command " + a + " applied");
            assertThat(status(rig).path("devices").path("line1").asText()).isEqualTo("online");
            assertThat(Files.readString(cfg)).isEqualTo(fanOnly);
            String kept = Files.readString(overlay);
            assertThat(kept).startsWith("devices:").contains("id: line1").doesNotContain("gateway:");

            // (b) a bad config: rejected naming line and field, the running config and the file untouched
            String b = rig.receiver.pushConfig(Rig.GATEWAY, full.replace("    interval: 200ms\n", "    interval: 200ms\n    intervall: 1s\n"));
            assertThat(await(results, b)).matches("rejected: the config:\\d+: devices\\[0]: unknown key 'intervall'.*");
            JsonNode st = status(rig);
            assertThat(st.path("lastReload").path("applied").asBoolean()).isFalse();
            assertThat(st.path("devices").size()).isEqualTo(2);
            assertThat(Files.readString(overlay)).isEqualTo(kept);

            // (c) line1 on a port where nothing answers: rolled back, line1 answers again, the file untouched
            int dead;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                dead = s.getLocalPort();
            }
            String wrong = full.replace("port: " + rig.plant.port("line1"), "port: " + dead);
            assertThat(wrong).isNotEqualTo(full);
            String c = rig.receiver.pushConfig(Rig.GATEWAY, wrong);
            assertThat(await(results, c)).startsWith("rolled back: devices line1 stopped answering");
            assertThat(status(rig).path("lastReload").path("message").asText()).contains("config command " + c + " rolled back");
            assertThat(Files.readString(overlay)).isEqualTo(kept);
            assertThat(Files.readString(cfg)).isEqualTo(fanOnly);
            long deadline = System.currentTimeMillis() + 10_000;
            while (!status(rig).path("devices").path("line1").asText().equals("online") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(status(rig).path("devices").path("line1").asText()).isEqualTo("online");

            // forged (wrong key) and unsigned commands: ignored, each logged; nothing applied, no result
            MqttClient mqtt = new MqttClient(rig.broker.url(), "forger");
            mqtt.connect(MqttSupport.options(rig.broker.url(), null, null, null, 8));
            for (byte[] key : new byte[][] {"not-the-key".getBytes(StandardCharsets.UTF_8), null}) {
                byte[] msg = SyncCodec.encode(Command.config(Rig.GATEWAY, "forged", fanOnly), key);
                MqttMessage m = new MqttMessage(msg);
                m.setQos(1);
                mqtt.publish(Topics.command(Rig.GATEWAY), m);
            }
            mqtt.disconnect(2000);
            mqtt.close();
            deadline = System.currentTimeMillis() + 10_000;
            while (rig.log("agent.log").split("uplink: ignored", -1).length < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(rig.log("agent.log").split("uplink: ignored", -1)).hasSize(3);
            Thread.sleep(RemoteConfigWatch.MS);
            assertThat(results).doesNotContainKey("forged");
            assertThat(Files.readString(overlay)).isEqualTo(kept);
            assertThat(status(rig).path("devices").size()).isEqualTo(2);
        }
    }

    /** The watch window of the rig's config (2 x 200 ms + 300 ms + 1 s) with margin. */
    private static final class RemoteConfigWatch {
        static final long MS = 2500;
    }

    private static String await(Map<String, String> results, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!results.containsKey(id)) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no result for command " + id + " within 20 s");
            Thread.sleep(50);
        }
        return results.get(id);
    }

    private static JsonNode status(Rig rig) throws Exception {
        Thread.sleep(1100); // the agent writes its status once a second
        return JSON.readTree(Path.of(rig.agentDb() + ".status.json").toFile());
    }
}
