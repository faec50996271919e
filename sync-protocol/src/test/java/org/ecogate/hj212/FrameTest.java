package org.ecogate.hj212;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTest {
    static final String VECTOR = "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;"
            + "Flag=5;CP=&&RtdInterval=30&&1C80\r\n";

    @Test
    void standardTestVectorRoundTrips() throws Exception {
        Packet p = Frame.decode(VECTOR.getBytes(StandardCharsets.UTF_8), CrcVariant.HJ212, false);
        assertThat(p.cn()).isEqualTo("1062");
        assertThat(p.cp().get("RtdInterval")).isEqualTo("30");
        assertThat(p.ackRequested()).isTrue();
        assertThat(Hj212Version.ofFlag(p.flag())).isEqualTo(Hj212Version.V2017);
        assertThat(Frame.encodeText(p, CrcVariant.HJ212)).isEqualTo(VECTOR);
    }

    @Test
    void crcIsTheAppendixNotModbus() {
        byte[] data = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(CrcVariant.HJ212.hex(data)).isEqualTo("1C80");
        assertThat(CrcVariant.MODBUS.hex(data)).isNotEqualTo("1C80");
        // CRC-16/MODBUS check value of "123456789" is 4B37
        assertThat(CrcVariant.MODBUS.hex("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo("4B37");
        assertThat(CrcVariant.MODBUS_SWAPPED.hex("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo("374B");
    }

    @Test
    void chineseTextLengthIsBytesAndCrcOverBytes() throws Exception {
        Packet p = new Packet("20260101000000000", "32", "3020", "123456", "010000A8900016F000169DC0", 5,
                Cp.builder().item("DataTime", "20260101000000").item("Info", "设备正常").build());
        String frame = Frame.encodeText(p, CrcVariant.HJ212);
        int chars = p.text().length();
        int bytes = p.bytes().length;
        assertThat(bytes).isEqualTo(chars + 8); // 4 Chinese characters, 3 bytes each
        assertThat(frame).startsWith(String.format("##%04d", bytes));
        assertThat(Frame.decode(frame.getBytes(StandardCharsets.UTF_8), CrcVariant.HJ212, false)).isEqualTo(p);
        // a character-counting encoder gets the length wrong and a byte-correct decoder says so
        String charCounted = String.format("##%04d", chars) + frame.substring(6);
        assertThatThrownBy(() -> Frame.decode(charCounted.getBytes(StandardCharsets.UTF_8), CrcVariant.HJ212, true))
                .hasMessageContaining("length: header says " + String.format("%04d", chars) + ", data segment is "
                        + bytes + " bytes");
    }

    @Test
    void lenientParseStrictEmit() throws Exception {
        String lower = VECTOR.replace("1C80", "1c80");
        assertThatThrownBy(() -> Frame.decode(lower.getBytes(StandardCharsets.UTF_8), CrcVariant.HJ212, false))
                .hasMessageContaining("lower-case");
        Packet p = Frame.decode(lower.getBytes(StandardCharsets.UTF_8), CrcVariant.HJ212, true);
        assertThat(Frame.encodeText(p, CrcVariant.HJ212)).isEqualTo(VECTOR);
        String modbus = VECTOR.replace("1C80", CrcVariant.MODBUS.hex(p.bytes()));
        assertThat(Frame.check(modbus.getBytes(StandardCharsets.UTF_8), CrcVariant.HJ212).notes())
                .singleElement().asString().contains("modbus variant");
        assertThat(Frame.check(modbus.getBytes(StandardCharsets.UTF_8), CrcVariant.MODBUS).strictOk()).isTrue();
    }

    @Test
    void strictDecodingNamesTheField() {
        assertThat(problem(VECTOR.replace("1C80", "1C08"))).isEqualTo(
                "CRC: frame has 1C08, data segment gives 1C80 (hj212)");
        assertThat(problem(reframe("QN=2016;ST=32;CN=1062;PW=1;MN=A;CP=&&&&"))).startsWith("QN: '2016'");
        assertThat(problem(reframe("ST=32;PW=1;MN=A;CP=&&&&"))).isEqualTo("CN: missing");
        assertThat(problem(reframe("ST=32;CN=1062;PW=1;MN=A;Flag=7;CP=&&&&"))).contains("PNUM/PNO missing");
        assertThat(problem(reframe("ST=32;CN=1062;PW=1;MN=A;cn=1;CP=&&&&"))).contains("case-sensitive");
        assertThat(problem(reframe("ST=32;CN=1062;PW=1;MN=A;CP=&&a=1;b&&"))).isEqualTo("CP item 2: 'b' is not key=value");
        assertThat(problem(reframe("ST=32;CN=1062;PW=1;MN=A;CP=&&a=1"))).isEqualTo("CP: does not end with &&");
        assertThat(problem("#0101abc")).contains("too short");
    }

    @Test
    void longCpIsSplitWithPnumPno() throws Exception {
        Cp.Builder b = Cp.builder().item("DataTime", "20260101101500");
        for (int i = 0; i < 60; i++) {
            b.item(String.format("a%05d-Rtd", i), "123.456").field(String.format("a%05d-Flag", i), "N");
        }
        Packet p = new Packet("20260101101500123", "31", "2011", "123456", "010000A8900016F000169DC0", 5, b.build());
        List<Packet> parts = Splitter.split(p);
        assertThat(parts).hasSizeGreaterThan(1);
        int fields = 0;
        for (int i = 0; i < parts.size(); i++) {
            Packet part = parts.get(i);
            byte[] frame = Frame.encode(part, CrcVariant.HJ212);
            Packet back = Frame.decode(frame, CrcVariant.HJ212, false);
            assertThat(back.pnum()).isEqualTo(parts.size());
            assertThat(back.pno()).isEqualTo(i + 1);
            assertThat(back.split()).isTrue();
            assertThat(back.qn()).isEqualTo(p.qn());
            assertThat(back.cp().get("DataTime")).isEqualTo("20260101101500");
            assertThat(back.cp().text().length()).isLessThanOrEqualTo(Packet.MAX_CP_CHARS);
            fields += back.cp().flat().size() - 1;
        }
        assertThat(fields).isEqualTo(120);
        assertThat(Splitter.split(new Packet(null, "31", "2011", "1", "A", 4, Cp.EMPTY))).hasSize(1);
    }

    @Test
    void qnIsUniqueAndIncreasingEvenWhenTheClockStepsBack() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T02:00:00Z"), ZoneOffset.UTC);
        QnClock qn = new QnClock(fixed, ZoneId.of("Asia/Shanghai"));
        assertThat(qn.next()).isEqualTo("20260101100000000");
        assertThat(qn.next()).isEqualTo("20260101100000001");
    }

    private static String reframe(String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        return String.format("##%04d", d.length) + data + CrcVariant.HJ212.hex(d) + "\r\n";
    }

    private static String problem(String frame) {
        Frame.Check c = Frame.check(frame.getBytes(StandardCharsets.UTF_8), CrcVariant.HJ212);
        assertThat(c.ok()).isFalse();
        return c.problems().get(0);
    }
}
