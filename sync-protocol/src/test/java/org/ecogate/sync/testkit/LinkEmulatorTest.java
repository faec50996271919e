package org.ecogate.sync.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The link model against a real loopback echo server: delay, bandwidth, stalls, drops, modes, byte counts. */
class LinkEmulatorTest {
    private ServerSocket echo;

    @BeforeEach
    void echoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread p = new Thread(() -> {
                        byte[] b = new byte[8192];
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            int n;
                            while ((n = in.read(b)) >= 0) out.write(b, 0, n);
                        } catch (IOException ignored) {
                            // closed
                        }
                    });
                    p.setDaemon(true);
                    p.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws IOException {
        echo.close();
    }

    @Test
    void addsTheRoundTripAndCountsBothDirections() throws Exception {
        try (LinkEmulator link = new LinkEmulator(echo.getLocalPort()).roundTrip(Duration.ofMillis(200));
             Socket s = connect(link)) {
            long t0 = System.nanoTime();
            s.getOutputStream().write(new byte[100]);
            readFully(s, 100);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isBetween(195L, 400L);
            assertThat(link.upBytes()).isEqualTo(100);
            assertThat(link.downBytes()).isEqualTo(100);
        }
    }

    @Test
    void capsTheBandwidth() throws Exception {
        try (LinkEmulator link = new LinkEmulator(echo.getLocalPort()).bandwidth(800_000); Socket s = connect(link)) {
            Thread w = new Thread(() -> {
                try {
                    s.getOutputStream().write(new byte[50_000]); // 0.5 s at 100 kB/s
                } catch (IOException ignored) {
                    // test ends
                }
            });
            long t0 = System.nanoTime();
            w.start();
            readFully(s, 50_000);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isBetween(450L, 1500L);
        }
    }

    @Test
    void stallsThenDelivers() throws Exception {
        try (LinkEmulator link = new LinkEmulator(echo.getLocalPort()); Socket s = connect(link)) {
            link.stall(Duration.ofMillis(400));
            long t0 = System.nanoTime();
            s.getOutputStream().write(new byte[10]);
            readFully(s, 10);
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(350L);
        }
    }

    @Test
    void silentDropKeepsTheConnectionOpenAndDeliversNothing() throws Exception {
        try (LinkEmulator link = new LinkEmulator(echo.getLocalPort()); Socket s = connect(link)) {
            s.getOutputStream().write(1);
            readFully(s, 1);
            link.dropSilently();
            s.getOutputStream().write(new byte[10]);
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(link.openConnections()).isEqualTo(1);
            try (Socket fresh = connect(link)) { // a new connection goes through
                fresh.getOutputStream().write(2);
                readFully(fresh, 1);
            }
        }
    }

    @Test
    void acceptThenCloseAndSilentPeer() throws Exception {
        try (LinkEmulator link = new LinkEmulator(echo.getLocalPort())) {
            link.mode(LinkEmulator.Mode.ACCEPT_THEN_CLOSE);
            try (Socket s = connect(link)) {
                s.setSoTimeout(2000);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            link.mode(LinkEmulator.Mode.SILENT);
            try (Socket s = connect(link)) {
                s.getOutputStream().write(new byte[] {0x10, 0});
                s.setSoTimeout(300);
                assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            }
        }
    }

    @Test
    void cutAllClosesBothSidesAndItsThreadsEnd() throws Exception {
        try (LinkEmulator link = new LinkEmulator(echo.getLocalPort())) {
            for (int i = 0; i < 20; i++) {
                Socket s = connect(link);
                s.getOutputStream().write(1);
                readFully(s, 1);
                link.cutAll();
                s.setSoTimeout(2000);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
                s.close();
            }
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (emulatorThreads() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(emulatorThreads()).isZero();
    }

    private static long emulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("link-emu")).count();
    }

    private static Socket connect(LinkEmulator link) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), link.port());
    }

    private static void readFully(Socket s, int n) throws IOException {
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        int got = 0;
        byte[] b = new byte[8192];
        while (got < n) {
            int r = in.read(b, 0, Math.min(b.length, n - got));
            if (r < 0) throw new IOException("EOF after " + got);
            got += r;
        }
    }
}
