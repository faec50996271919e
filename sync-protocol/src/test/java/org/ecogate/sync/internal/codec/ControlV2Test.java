package org.ecogate.sync.internal.codec;

import org.ecogate.sync.Command;
import org.ecogate.sync.GatewayStatus;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Protocol v2 status and commands (PROTOCOL.md 13.7): round trips, size, topic binding, strictness. */
class ControlV2Test {
    private static final byte[] KEY = "0123456789abcdef-control".getBytes(StandardCharsets.UTF_8);
    private static final Protocol V2 = ProtocolV2.INSTANCE;

    private static GatewayStatus status(String kind, String command, String detail) {
        long ts = 1_764_255_661_000L;
        return new GatewayStatus("gw-1", kind, ts, 1_764_255_600_000L, !kind.equals(GatewayStatus.WILL), List.of(
                new GatewayStatus.StreamStatus("events", 12, 12, 0, 0),
                new GatewayStatus.StreamStatus("gaps", 0, 0, 0, 0),
                new GatewayStatus.StreamStatus("summaries", 340, 354, 14, ts - 60_000),
                new GatewayStatus.StreamStatus("readings", 900_000, -1, -1, 0)), command, detail);
    }

    @Test
    void statusRoundTripsAndIsSmallerThanAFifthOfItsJson() throws Exception {
        for (GatewayStatus s : List.of(status(GatewayStatus.BIRTH, null, null), status(GatewayStatus.STATUS, null, null),
                status(GatewayStatus.RESULT, "c17-3", "applied: 4 devices"), status(GatewayStatus.WILL, null, null))) {
            byte[] msg = V2.encodeStatus(s, KEY);
            assertThat(V2.decodeStatus("gw-1", msg, KEY, true)).isEqualTo(s);
            if (s.kind().equals(GatewayStatus.STATUS)) {
                assertThat(msg.length).as("v2 status bytes").isLessThan(ProtocolV1.INSTANCE.encodeStatus(s, KEY).length / 4);
            }
        }
    }

    @Test
    void commandsRoundTripIncludingABigConfig() throws Exception {
        Command resend = new Command("gw-1", "r-17", Command.RESEND, 1_764_255_600_000L, "readings", 101, 200);
        assertThat(V2.decodeCommand("gw-1", V2.encodeCommand(resend, KEY), KEY, true)).isEqualTo(resend);
        Command config = Command.config("gw-1", "c-3", "gateway: gw-1\n" + "devices: []\n".repeat(2000));
        byte[] msg = V2.encodeCommand(config, KEY);
        assertThat(msg.length).as("deflated").isLessThan(config.body().length() / 10);
        assertThat(V2.decodeCommand("gw-1", msg, KEY, true)).isEqualTo(config);
    }

    @Test
    void aMessageIsBoundToItsGatewaysTopicAndKey() {
        byte[] msg = V2.encodeStatus(status(GatewayStatus.STATUS, null, null), KEY);
        assertThatThrownBy(() -> V2.decodeStatus("gw-2", msg, KEY, true)).isInstanceOfSatisfying(SyncFormatException.class,
                e -> assertThat(e.code()).isEqualTo(Reject.BAD_MAC));
        byte[] cmd = V2.encodeCommand(new Command("gw-1", "r-1", Command.RESEND, 5, "readings", 1, 1), null);
        assertThatThrownBy(() -> V2.decodeCommand("gw-1", cmd, KEY, true)).isInstanceOfSatisfying(SyncFormatException.class,
                e -> assertThat(e.code()).isEqualTo(Reject.UNSIGNED));
    }

    @Test
    void decodingIsStrict() {
        byte[] body = ControlV2.status(status(GatewayStatus.STATUS, null, null));
        byte[] longer = java.util.Arrays.copyOf(body, body.length + 1);
        assertThatThrownBy(() -> ControlV2.status("gw-1", longer)).isInstanceOf(SyncFormatException.class)
                .hasMessageContaining("after the last field");
        byte[] bits = body.clone();
        bits[0] |= 0x40;
        assertThatThrownBy(() -> ControlV2.status("gw-1", bits)).isInstanceOf(SyncFormatException.class).hasMessageContaining("unknown bits");
        assertThatThrownBy(() -> ControlV2.status("gw-1", java.util.Arrays.copyOf(body, body.length - 3)))
                .isInstanceOf(SyncFormatException.class);
        assertThatThrownBy(() -> ControlV2.command("gw-1", new byte[] {9, 1, 'x'})).isInstanceOf(SyncFormatException.class)
                .hasMessageContaining("unknown command");
    }
}
