package org.ecogate.sim.plant;

import org.ecogate.sync.testkit.Await;
import org.ecogate.sim.modbus.Fault;
import org.ecogate.sim.modbus.TestMaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23: a running plant takes commands on stdin and on its loopback control port, so a technician can rehearse an
 * outage without restarting it: stop/start, silence/resume, faults; each answered by one line.
 */
class PlantControlTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private void await(String text) throws InterruptedException {
        Await.until("'" + text + "' in the plant's output", java.time.Duration.ofSeconds(10), () -> out().contains(text));
    }

    @Test
    void stdinAndTheControlPortStopSilenceAndFaultDevicesOfARunningPlant() throws Exception {
        Path file = dir.resolve("plant.yaml");
        Files.writeString(file, "devices: [{id: fan1, type: fan}, {id: esp1, type: esp}, {id: line1, type: meter}]\n");
        PipedOutputStream typed = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typed);
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            try {
                code.set(PlantCommand.run(file, stdin, 0, print, print));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        try {
            await("plant: control on 127.0.0.1:");
            Matcher m = Pattern.compile("plant: line1 \\(meter\\) on 127\\.0\\.0\\.1:(\\d+)").matcher(out());
            assertThat(m.find()).isTrue();
            int line1 = Integer.parseInt(m.group(1));
            Matcher c = Pattern.compile("plant: control on 127\\.0\\.0\\.1:(\\d+)").matcher(out());
            assertThat(c.find()).isTrue();

            // stdin: stop fan1 -> its run bit (holding 4) reads 0
            typed.write("stop fan1\n".getBytes(StandardCharsets.UTF_8));
            typed.flush();
            await("ok: fan1 stop");
            m = Pattern.compile("plant: fan1 \\(fan\\) on 127\\.0\\.0\\.1:(\\d+)").matcher(out());
            assertThat(m.find()).isTrue();
            try (TestMaster fan = TestMaster.connect(Integer.parseInt(m.group(1)), 1000)) {
                long deadline = System.currentTimeMillis() + 5000;
                while (fan.holding(4, 1)[0] != 0 && System.currentTimeMillis() < deadline) Thread.sleep(50);
                assertThat(fan.holding(4, 1)[0]).as("fan1 run bit after 'stop fan1'").isZero();
            }
            typed.write("stop fan9\nexplode fan1\n".getBytes(StandardCharsets.UTF_8));
            typed.flush();
            await("error: unknown device 'fan9' (devices: fan1, esp1, line1)");
            await("error: unknown command 'explode'");

            // the control port: silence esp1, a wrong-unit fault on line1, status
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(c.group(1)));
                 PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                 BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                w.println("silence esp1");
                assertThat(r.readLine()).isEqualTo("ok: esp1 silence");
                w.println("fault line1 wrong-unit");
                assertThat(r.readLine()).isEqualTo("ok: line1 fault wrong-unit");
                assertThat(replyUnit(line1)).as("the unit id of line1's reply to unit 1").isEqualTo(2);
                w.println("status");
                assertThat(r.readLine()).isEqualTo("ok: fan1=stopped esp1=silent line1=running,fault wrong-unit");
                w.println("fault line1 none");
                assertThat(r.readLine()).isEqualTo("ok: line1 fault none");
                try (TestMaster meter = TestMaster.connect(line1, 1000)) {
                    assertThat(meter.holdingFloat(0)).isGreaterThan(300f);
                }
                w.println("start fan1");
                assertThat(r.readLine()).isEqualTo("ok: fan1 start");
            }
        } finally {
            t.interrupt();
            t.join(5000);
        }
        assertThat(code.get()).isZero();
    }

    /** The unit id in a Modbus TCP reply to "read holding 0, unit 1". */
    private static int replyUnit(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            s.getOutputStream().write(new byte[] {0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 1});
            byte[] head = s.getInputStream().readNBytes(7);
            return head[6] & 0xFF;
        }
    }

    @Test
    void aFaultNeedsAKnownKind() throws Exception {
        try (Plant p = Plant.start(new PlantConfig("127.0.0.1", 1, java.util.List.of(new DeviceSpec("line1", "meter", 0, 1)), java.util.List.of()))) {
            PlantControl c = new PlantControl(p);
            assertThat(c.apply("fault line1 sparks")).startsWith("error: unknown fault 'sparks' (none|exception|wrong-count|garbage|drop|wrong-unit");
            assertThat(c.apply("fault line1 exception 6")).isEqualTo("ok: line1 fault exception 6");
            assertThat(p.device("line1").fault()).isEqualTo(Fault.exception(6));
            assertThat(c.apply("  ")).isNull();
        }
    }
}
