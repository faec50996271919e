package org.ecogate.sim.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ecogate.sim.modbus.RegisterBank.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our server against Debian's {@code mbpoll} client; skipped where {@code /usr/bin/mbpoll} is not installed. */
class MbpollInteropTest {

    private static final Path MBPOLL = Path.of("/usr/bin/mbpoll");

    private final RegisterBank bank = new RegisterBank(64);
    private ModbusTcpServer server;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(MBPOLL), "mbpoll is not installed (apt-get install mbpoll)");
        server = new ModbusTcpServer("mbpoll", "127.0.0.1", 0, bank);
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void mbpollReadsABigEndianFloat() throws Exception {
        bank.setFloat32(Table.HOLDING, 0, 49.5f);
        // mbpoll references are 1-based; -B selects word order ABCD (high word first), which our devices use
        String out = mbpoll("-m", "tcp", "-a", "1", "-r", "1", "-c", "1", "-t", "4:float", "-B", "-1");
        assertThat(out).contains("[1]:").contains("49.5");
    }

    @Test
    void mbpollReadsInputRegistersAndWritesAHoldingRegister() throws Exception {
        bank.setUint16(Table.INPUT, 6, 3);
        assertThat(mbpoll("-a", "1", "-r", "7", "-c", "1", "-t", "3", "-1")).contains("[7]:").containsPattern(
                "\\[7\\]:\\s+3");
        mbpoll("-a", "1", "-r", "11", "-t", "4", "-1", "--", "1234");
        assertThat(bank.getUint16(Table.HOLDING, 10)).isEqualTo(1234);
    }

    private String mbpoll(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(MBPOLL.toString());
        cmd.add("-p");
        cmd.add(String.valueOf(server.port()));
        cmd.add("-o");
        cmd.add("2");
        int dashes = List.of(args).indexOf("--");
        List<String> options = dashes < 0 ? List.of(args) : List.of(args).subList(0, dashes);
        cmd.addAll(options);
        cmd.add("127.0.0.1");
        if (dashes >= 0) {
            cmd.addAll(List.of(args).subList(dashes + 1, args.length));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mbpoll did not finish within 10 s: " + cmd);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("mbpoll exit code, output:\n%s", out).isZero();
        return out;
    }
}
