package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ecogate.hj212.CrcVariant;
import org.ecogate.hj212.Frame;
import org.ecogate.hj212.FrameReader;
import org.ecogate.hj212.Hj212Exception;
import org.ecogate.hj212.Hj212Version;
import org.ecogate.hj212.Packet;
import org.ecogate.hj212.QnClock;
import org.ecogate.hj212.Splitter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecogate hj212 decode|encode|crc}: technician tools for HJ 212 frames (codec in org.ecogate.hj212).
 * Thin: parsing and checking live in the codec; this class reads input and formats. Exit 2 on a bad frame.
 */
@Command(mixinStandardHelpOptions = true, name = "hj212", description = "Decode, build and check HJ 212 frames.",
        subcommands = {Hj212Command.Decode.class, Hj212Command.Encode.class, Hj212Command.Crc.class})
final class Hj212Command {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static CrcVariant variant(CommandLine cl, String name) {
        try {
            return CrcVariant.parse(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--crc: " + e.getMessage());
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "decode",
            description = "Check frames (one a line) from FILE or stdin: length, CRC, fields.")
    static final class Decode implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(arity = "0..1", paramLabel = "FILE", description = "frames, one a line (default: stdin)")
        Path file;
        @Option(names = "--json", description = "JSON array, one object per frame")
        boolean json;
        @Option(names = "--crc", defaultValue = "hj212", paramLabel = "VARIANT",
                description = "expected CRC variant: hj212 (the standard's appendix), modbus, modbus-swapped")
        String crc;
        @Option(names = "--strict", description = "also reject lower-case hex and other CRC variants")
        boolean strict;

        @Override
        public Integer call() throws IOException {
            CrcVariant v = variant(spec.commandLine(), crc);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<byte[]> frames = new ArrayList<>();
            try (InputStream in = file == null ? System.in : Files.newInputStream(file)) {
                FrameReader r = new FrameReader(in);
                for (byte[] f; (f = r.next()) != null; ) {
                    frames.add(f);
                }
            } catch (NoSuchFileException e) {
                err.println("error: " + file + ": no such file");
                return Main.INVALID;
            }
            String where = file == null ? "stdin" : file.toString();
            if (frames.isEmpty()) {
                err.println("error: " + where + ": no frame");
                return Main.INVALID;
            }
            int bad = 0;
            List<Map<String, Object>> all = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                Frame.Check c = Frame.check(frames.get(i), v);
                boolean good = strict ? c.strictOk() : c.ok();
                if (!good) {
                    bad++;
                    List<String> why = c.problems().isEmpty() ? c.notes() : c.problems();
                    err.println("error: " + where + ": frame " + (i + 1) + ": " + why.get(0));
                }
                if (json) {
                    all.add(c.describe());
                } else {
                    print(out, i + 1, c, good);
                }
            }
            if (json) {
                out.println(JSON.writeValueAsString(all));
            }
            out.flush();
            return bad == 0 ? Main.OK : Main.INVALID;
        }

        private static void print(PrintWriter out, int n, Frame.Check c, boolean good) {
            out.printf("frame %d: %s%n", n, good ? "ok" : "BAD");
            out.printf("  %-8s %s (data segment %d bytes)%s%n", "length", c.declaredLength() == null ? "?"
                    : String.format("%04d", c.declaredLength()), c.byteLength(), c.lengthOk() ? " ok" : " WRONG");
            out.printf("  %-8s %s (computed %s)%s%n", "CRC", c.crcGiven(), c.crcExpected(), c.crcOk() ? " ok" : " WRONG");
            for (String note : c.notes()) {
                out.printf("  %-8s %s%n", "note", note);
            }
            for (String p : c.problems()) {
                out.printf("  %-8s %s%n", "problem", p);
            }
            Packet p = c.packet();
            if (p == null) {
                return;
            }
            Hj212Version ver = p.flag() == null ? null : Hj212Version.ofFlag(p.flag());
            out.printf("  %-8s %s%n  %-8s %s%n  %-8s %s%n  %-8s %s%n  %-8s %s%n", "QN", p.qn(), "ST", p.st(), "CN",
                    p.cn(), "PW", p.pw(), "MN", p.mn());
            if (p.flag() != null) {
                out.printf("  %-8s %d (version %s, answer %s%s)%n", "Flag", p.flag(), ver == null ? "?" : ver.year(),
                        p.ackRequested() ? "requested" : "not requested",
                        p.split() ? ", split " + p.pno() + "/" + p.pnum() : "");
            }
            for (Map<String, String> item : p.cp().items()) {
                out.printf("  %-8s %s%n", "CP", item.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .reduce((a, b) -> a + "," + b).orElse(""));
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "encode",
            description = "Build frame(s) from fields; a long CP is split into PNUM/PNO packets.")
    static final class Encode implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--qn", paramLabel = "QN", description = "default: now (YYYYMMDDhhmmsszzz, --zone)")
        String qn;
        @Option(names = "--zone", defaultValue = "Asia/Shanghai", description = "zone of a generated QN")
        String zone;
        @Option(names = "--st", required = true) String st;
        @Option(names = "--cn", required = true) String cn;
        @Option(names = "--pw", required = true) String pw;
        @Option(names = "--mn", required = true) String mn;
        @Option(names = "--flag", paramLabel = "N", description = "default: from --version and --no-ack")
        Integer flag;
        @Option(names = "--standard", defaultValue = "2017", paramLabel = "YEAR",
                description = "2017 or 2025 (version bits of Flag)")
        String version;
        @Option(names = "--no-ack", description = "clear the A bit (no answer requested)")
        boolean noAck;
        @Option(names = "--cp", defaultValue = "", paramLabel = "TEXT", description = "CP content, e.g. 'RtdInterval=30'")
        String cpText;
        @Option(names = "--crc", defaultValue = "hj212", paramLabel = "VARIANT", description = "hj212, modbus, modbus-swapped")
        String crc;
        @Option(names = "--json", description = "a JSON array of the frames (one per packet part) instead of the frames")
        boolean json;

        @Override
        public Integer call() {
            CrcVariant v = variant(spec.commandLine(), crc);
            PrintWriter err = spec.commandLine().getErr();
            try {
                int f = flag != null ? flag : Hj212Version.parse(version).flag(!noAck, false);
                String q = qn != null ? qn : new QnClock(Clock.systemUTC(), ZoneId.of(zone)).next();
                String text = new Packet(q, st, cn, pw, mn, f, null).text().replace("CP=&&&&", "CP=&&" + cpText + "&&");
                Packet p = Packet.parse(text); // the same strict checks a platform applies
                StringBuilder sb = new StringBuilder();
                com.fasterxml.jackson.databind.node.ArrayNode frames = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
                for (Packet part : Splitter.split(p)) {
                    sb.append(Frame.encodeText(part, v));
                    frames.add(Frame.encodeText(part, v));
                }
                spec.commandLine().getOut().print(json ? frames + System.lineSeparator() : sb);
                spec.commandLine().getOut().flush();
                return Main.OK;
            } catch (Hj212Exception | IllegalArgumentException | java.time.DateTimeException e) {
                err.println("error: " + e.getMessage());
                return Main.INVALID;
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "crc",
            description = "CRC and UTF-8 byte length of a data segment (TEXT, or stdin without its line end).")
    static final class Crc implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(arity = "0..1", paramLabel = "TEXT", description = "data segment, QN=...&&")
        String text;
        @Option(names = "--crc", defaultValue = "hj212", paramLabel = "VARIANT", description = "hj212, modbus, modbus-swapped")
        String crc;
        @Option(names = "--json", description = "JSON object")
        boolean json;

        @Override
        public Integer call() throws IOException {
            CrcVariant v = variant(spec.commandLine(), crc);
            byte[] data;
            if (text != null) {
                data = text.getBytes(StandardCharsets.UTF_8);
            } else {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                System.in.transferTo(b);
                data = b.toString(StandardCharsets.UTF_8).replaceAll("\r?\n$", "").getBytes(StandardCharsets.UTF_8);
            }
            if (data.length == 0) {
                spec.commandLine().getErr().println("error: no data segment given (argument or stdin)");
                return Main.INVALID;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writeValueAsString(Map.of("crc", v.hex(data), "variant", v.settingName(),
                        "bytes", data.length, "length", String.format("%04d", data.length))));
            } else {
                out.printf("%s  (%s, %d bytes, length field %04d)%n", v.hex(data), v.settingName(), data.length,
                        data.length);
            }
            out.flush();
            return Main.OK;
        }
    }
}
