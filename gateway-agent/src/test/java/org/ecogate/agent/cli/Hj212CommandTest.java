package org.ecogate.agent.cli;

import org.ecogate.sync.testkit.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: {@code ecogate hj212 decode|encode|crc} run through the real command line. */
class Hj212CommandTest {
    static final Path VECTOR = Path.of("../testcases/hj212/appendix-1062-vector/frame.txt");
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CliRun r = CliRun.of(Main::execute, args);
        out.write(r.out());
        err.write(r.err());
        return r.code();
    }

    @Test
    void decodesTheStandardVector() {
        assertThat(run("hj212", "decode", VECTOR.toString())).isZero();
        assertThat(out.toString()).contains("frame 1: ok", "CRC      1C80 (computed 1C80) ok", "CP       RtdInterval=30");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void badFramesGiveOneLineErrorsAndExit2(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("frames.txt");
        Files.writeString(f, Files.readString(VECTOR) + Files.readString(VECTOR).replace("1C80", "1C08"));
        assertThat(run("hj212", "decode", "--json", f.toString())).isEqualTo(Main.INVALID);
        assertThat(err.toString()).isEqualTo("error: " + f + ": frame 2: CRC: frame has 1C08, data segment gives 1C80"
                + " (hj212)" + System.lineSeparator());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get(0).get("ok").asBoolean()).isTrue();
        assertThat(json.get(1).get("crcOk").asBoolean()).isFalse();
        assertThat(run("hj212", "decode", dir.resolve("missing").toString())).isEqualTo(Main.INVALID);
        assertThat(err.toString()).contains("no such file");
    }

    @Test
    void encodeChineseTextThenDecode(@TempDir Path dir) throws Exception {
        assertThat(run("hj212", "encode", "--qn", "20260101000000000", "--st", "32", "--cn", "3020", "--pw", "123456",
                "--mn", "010000A8900016F000169DC0", "--cp", "DataTime=20260101000000;PolId=w01018;Info=设备正常")).isZero();
        String frame = out.toString();
        assertThat(frame).isEqualTo(Files.readString(Path.of("../testcases/hj212/chinese-text-bytes/frame.txt"),
                StandardCharsets.UTF_8));
        Path f = dir.resolve("f.txt");
        Files.writeString(f, frame);
        out.getBuffer().setLength(0);
        assertThat(run("hj212", "decode", f.toString())).isZero();
        assertThat(out.toString()).contains("length   0141 (data segment 141 bytes) ok");
    }

    @Test
    void encodeRejectsABadFieldAndCrcPrintsTheVector() {
        assertThat(run("hj212", "encode", "--st", "32", "--cn", "12", "--pw", "1", "--mn", "A")).isEqualTo(Main.INVALID);
        assertThat(err.toString()).isEqualTo("error: CN: '12' is not 4 digits" + System.lineSeparator());
        assertThat(run("hj212", "crc", "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;"
                + "Flag=5;CP=&&RtdInterval=30&&")).isZero();
        assertThat(out.toString()).startsWith("1C80  (hj212, 101 bytes, length field 0101)");
    }
}
