package org.ecogate.sim.hj212;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.ecogate.hj212.Cp;
import org.ecogate.hj212.CrcVariant;
import org.ecogate.hj212.Frame;
import org.ecogate.hj212.FrameReader;
import org.ecogate.hj212.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: the simulated HJ 212 platform over real loopback TCP. */
class Hj212PlatformTest {
    static final String MN = "010000A8900016F000169DC0";
    @TempDir
    Path dir;
    FrameStore store;
    Hj212Platform platform;
    int port;

    @BeforeEach
    void start() throws Exception {
        store = new FrameStore(dir.resolve("hj.db"));
        platform = new Hj212Platform(store, CrcVariant.HJ212, Clock.systemUTC());
        port = platform.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws Exception {
        platform.close();
        store.close();
    }

    static Packet minute(String qn, String dataTime) {
        return new Packet(qn, "31", "2051", "123456", MN, 5, Cp.builder().item("DataTime", dataTime)
                .item("a21026-Avg", "11.5").field("a21026-Flag", "N").build());
    }

    @Test
    void acksAnUploadByEchoingItsQnAndStoresIt() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(Frame.encode(minute("20260101101600001", "20260101101500"), CrcVariant.HJ212));
            Packet ack = Frame.decode(new FrameReader(s.getInputStream()).next(), CrcVariant.HJ212, false);
            assertThat(ack.cn()).isEqualTo("9014");
            assertThat(ack.qn()).isEqualTo("20260101101600001");
            assertThat(ack.ackRequested()).isFalse();
        }
        assertThat(store.count("SELECT count(*) FROM frame WHERE ok=1 AND cn='2051' AND data_time='20260101101500'"))
                .isEqualTo(1);
    }

    @Test
    void badCrcIsStoredAsBadAndNotAcked() throws Exception {
        String good = Frame.encodeText(minute("20260101101600002", "20260101101600"), CrcVariant.HJ212);
        String bad = good.substring(0, good.length() - 6) + "0000\r\n";
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(500);
            s.getOutputStream().write(bad.getBytes(StandardCharsets.UTF_8));
            assertNoFrame(s);
        }
        assertThat(store.count("SELECT count(*) FROM frame WHERE ok=0 AND problem LIKE 'CRC:%'")).isEqualTo(1);
    }

    @Test
    void dropsAcksWhenToldAndAsksForAResend() throws Exception {
        platform.setDropAcks(true);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write(Frame.encode(minute("20260101101600003", "20260101101500"), CrcVariant.HJ212));
            assertNoFrame(s);
            platform.setDropAcks(false);
            String q = platform.requestResend(MN, "2061", "20260101000000", "20260101235959");
            s.setSoTimeout(3000);
            Packet req = Frame.decode(new FrameReader(s.getInputStream()).next(), CrcVariant.HJ212, false);
            assertThat(req.qn()).isEqualTo(q);
            assertThat(req.cn()).isEqualTo("2061");
            assertThat(req.cp().get("BeginTime")).isEqualTo("20260101000000");
            assertThat(req.ackRequested()).isTrue();
            platform.closeConnections();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    private static void assertNoFrame(Socket s) throws Exception {
        try {
            int b = s.getInputStream().read();
            assertThat(b).as("no answer expected").isEqualTo(-2);
        } catch (SocketTimeoutException expected) {
            // nothing came
        }
    }
}
