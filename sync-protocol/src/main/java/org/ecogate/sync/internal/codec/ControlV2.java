package org.ecogate.sync.internal.codec;

import org.ecogate.sync.Command;
import org.ecogate.sync.GatewayStatus;
import org.ecogate.sync.SyncFormatException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Protocol v2 status and command bodies (PROTOCOL.md 13.6): binary, in a {@link FrameV2} bound to the topic, so the
 * gateway is the topic's and never repeated. A status of four streams is ~100 bytes where its v1 JSON was ~550.
 * Stateless and thread-safe. Trap: decoding is strict like every v2 body (unknown bits and trailing bytes rejected).
 */
final class ControlV2 {
    private static final String[] KINDS = {GatewayStatus.BIRTH, GatewayStatus.WILL, GatewayStatus.STATUS, GatewayStatus.RESULT};
    private static final int S_ONLINE = 4, S_COMMAND = 8, S_DETAIL = 16;
    private static final int C_RESEND = 0, C_CONFIG = 1;
    static final int MAX_DETAIL = 1024, MAX_STREAMS = 64;

    private ControlV2() {}

    static byte[] status(GatewayStatus s) {
        int kind = List.of(KINDS).indexOf(s.kind());
        if (kind < 0) throw new IllegalArgumentException("status kind " + s.kind());
        Wire.Out o = new Wire.Out(32 + s.streams().size() * 24);
        o.u8(kind | (s.online() ? S_ONLINE : 0) | (s.command() != null ? S_COMMAND : 0) | (s.detail() != null ? S_DETAIL : 0));
        o.uv(s.ts());
        o.zz(s.epoch());
        o.uv(s.streams().size());
        for (GatewayStatus.StreamStatus st : s.streams()) {
            o.str(st.stream());
            o.uv(st.ackedThrough());
            o.zz(st.lastSeq() - st.ackedThrough());
            o.zz(st.backlog());
            o.uv(st.oldestUnackedTs() == 0 ? 0 : 1);
            if (st.oldestUnackedTs() != 0) o.zz(s.ts() - st.oldestUnackedTs());
        }
        if (s.command() != null) o.str(s.command());
        if (s.detail() != null) text(o, s.detail().length() > MAX_DETAIL ? s.detail().substring(0, MAX_DETAIL) : s.detail());
        return o.toByteArray();
    }

    static GatewayStatus status(String gateway, byte[] body) throws SyncFormatException {
        Wire.In in = new Wire.In(body);
        int flags = in.u8("status.flags");
        if ((flags & ~(3 | S_ONLINE | S_COMMAND | S_DETAIL)) != 0) throw in.bad("status.flags: unknown bits " + flags);
        long ts = in.uv("status.ts");
        long epoch = in.zz("status.epoch");
        long n = in.uv("status.streams");
        if (n > MAX_STREAMS) throw in.bad("status.streams: " + n + " streams, more than " + MAX_STREAMS);
        List<GatewayStatus.StreamStatus> streams = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String w = "status.streams[" + i + "]";
            String name = in.name(w + ".stream");
            long acked = in.uv(w + ".ackedThrough");
            long last = acked + in.zz(w + ".lastSeq");
            long backlog = in.zz(w + ".backlog");
            long has = in.uv(w + ".oldest");
            if (has > 1) throw in.bad(w + ".oldest: flag " + has);
            long oldest = has == 1 ? ts - in.zz(w + ".oldestUnackedTs") : 0;
            streams.add(new GatewayStatus.StreamStatus(name, acked, last, backlog, oldest));
        }
        String command = (flags & S_COMMAND) != 0 ? in.name("status.command") : null;
        String detail = (flags & S_DETAIL) != 0 ? text(in, "status.detail", MAX_DETAIL) : null;
        if (in.remaining() != 0) throw in.bad("status: " + in.remaining() + " bytes after the last field");
        return new GatewayStatus(gateway, KINDS[flags & 3], ts, epoch, (flags & S_ONLINE) != 0, streams, command, detail);
    }

    static byte[] command(Command c) {
        Wire.Out o = new Wire.Out(32 + (c.body() == null ? 0 : c.body().length()));
        boolean config = Command.CONFIG.equals(c.cmd());
        o.u8(config ? C_CONFIG : C_RESEND);
        o.str(c.id());
        if (config) {
            text(o, c.body());
        } else {
            o.zz(c.epoch());
            o.str(c.stream());
            o.uv(c.from());
            o.uv(c.to() - c.from());
        }
        return o.toByteArray();
    }

    static Command command(String gateway, byte[] body) throws SyncFormatException {
        Wire.In in = new Wire.In(body);
        int cmd = in.u8("command.cmd");
        if (cmd != C_RESEND && cmd != C_CONFIG) throw new SyncFormatException(org.ecogate.sync.Reject.UNSUPPORTED, "command.cmd: unknown command " + cmd);
        String id = in.name("command.id");
        Command c;
        if (cmd == C_CONFIG) {
            c = Command.config(gateway, id, text(in, "command.body", Command.MAX_BODY));
        } else {
            long epoch = in.zz("command.epoch");
            String stream = in.name("command.stream");
            long from = in.uv("command.from");
            long span = in.uv("command.to");
            if (from < 1 || span < 0 || from + span < from) throw in.bad("command: range " + from + "+" + span + " is empty or invalid");
            c = new Command(gateway, id, Command.RESEND, epoch, stream, from, from + span);
        }
        if (in.remaining() != 0) throw in.bad("command: " + in.remaining() + " bytes after the last field");
        return c;
    }

    /** A length-prefixed UTF-8 text that may be empty. */
    private static void text(Wire.Out o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.uv(b.length);
        o.bytes(b, 0, b.length);
    }

    private static String text(Wire.In in, String what, int maxChars) throws SyncFormatException {
        long n = in.uv(what);
        if (n > maxChars * 4L) throw in.bad(what + ": " + n + " bytes, more than " + maxChars + " characters can take");
        String s = in.utf8((int) n, what);
        if (s.length() > maxChars) throw in.bad(what + ": longer than " + maxChars);
        return s;
    }
}
