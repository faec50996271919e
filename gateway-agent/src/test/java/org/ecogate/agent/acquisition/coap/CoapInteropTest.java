package org.ecogate.agent.acquisition.coap;

import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The CoAP source against libcoap's coap-server-openssl (Debian libcoap3-bin): plain and DTLS PSK, plain-number payload. */
class CoapInteropTest {
    @TempDir
    Path dir;

    static DeviceConfig device(String uri, String extra) throws Exception {
        String yaml = "gateway: gw\nuplink: {broker: \"tcp://127.0.0.1:1\"}\ndevices:\n  - {id: s1, transport: coap, uri: \"" + uri
                + "\", payload: number, timeout: " + (extra.contains("wrong") ? "2s" : "10s") + extra + ", points: [{name: v, scale: 2}]}\n";
        return ConfigLoader.parse("t.yaml", yaml, Path.of("/tmp")).devices().get(0);
    }

    @Test
    void readsALibcoapResourceOverUdpAndDtlsPsk() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/coap-server-openssl")), "libcoap3-bin not installed");
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = new ProcessBuilder("/usr/bin/coap-server-openssl", "-A", "127.0.0.1", "-p", "" + port, "-k", "s3cret")
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            // Set the resource with libcoap's own client, and check with a GET that the server really took it
            // (coap-client can exit 0 when the server was not up yet).
            boolean set = false;
            for (int i = 0; i < 50 && !set; i++) {
                Process put = new ProcessBuilder("/usr/bin/coap-client-openssl", "-m", "put", "-e", "21.25", "-B", "2",
                        "coap://127.0.0.1:" + port + "/example_data").redirectErrorStream(true).start();
                put.waitFor(5, TimeUnit.SECONDS);
                Process get = new ProcessBuilder("/usr/bin/coap-client-openssl", "-m", "get", "-B", "2",
                        "coap://127.0.0.1:" + port + "/example_data").redirectErrorStream(true).start();
                String out = new String(get.getInputStream().readAllBytes());
                get.waitFor(5, TimeUnit.SECONDS);
                set = out.trim().equals("21.25");
                if (!set) Thread.sleep(100);
            }
            assertThat(set).as("libcoap server holds 21.25").isTrue();
            try (CoapSource plain = CoapSource.create(device("coap://127.0.0.1:" + port + "/example_data", ""))) {
                List<Reading> rs = plain.poll(1);
                assertThat(rs).singleElement().satisfies(r -> {
                    assertThat(r.quality()).isEqualTo(Quality.GOOD);
                    assertThat(r.value()).isEqualTo(42.5);
                });
            }
            try (CoapSource dtls = CoapSource.create(device("coaps://127.0.0.1:" + (port + 1) + "/example_data",
                    ", pskIdentity: ecogate, pskKey: s3cret"))) {
                assertThat(dtls.poll(1).get(0).value()).isEqualTo(42.5);
            }
            try (CoapSource wrongKey = CoapSource.create(device("coaps://127.0.0.1:" + (port + 1) + "/example_data",
                    ", pskIdentity: ecogate, pskKey: wrong"))) {
                assertThat(wrongKey.poll(1).get(0).quality()).isEqualTo(Quality.COMM_FAULT);
            }
            assertThat(Path.of("Californium3.properties")).as("no Californium file in the working dir").doesNotExist();
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
