package org.ecogate.sync;

import java.util.List;
import java.util.Objects;

/**
 * A gateway status message on {@code ecogate/v2/{gateway}/status} (v1: {@code ecogate/v1/...}; retained): {@link #BIRTH}
 * right after every connect, {@link #WILL} published by the broker when the gateway's connection is lost without a
 * disconnect, {@link #STATUS} on a change and as a slow heartbeat, {@link #RESULT} answering a platform {@link Command} ({@code command} holds its id).
 *
 * @param ts      gateway clock, epoch ms, when the message was made (for a will: when the connection was made)
 * @param online  false only in a will
 * @param streams per stream: acknowledged and last sequence and backlog; empty in a will
 * @param command id of the answered command ({@link #RESULT} only), else null
 * @param detail  human-readable text (result of a command), else null
 */
public record GatewayStatus(String gateway, String kind, long ts, long epoch, boolean online,
                            List<StreamStatus> streams, String command, String detail) {
    public static final String BIRTH = "birth";
    public static final String WILL = "will";
    public static final String STATUS = "status";
    public static final String RESULT = "result";

    /**
     * @param ackedThrough    highest sequence acknowledged by the platform
     * @param lastSeq         highest sequence in the gateway's buffer (-1 unknown)
     * @param backlog         records not yet acknowledged (-1 unknown)
     * @param oldestUnackedTs time of the oldest unacknowledged record, epoch ms (0 none or unknown)
     */
    public record StreamStatus(String stream, long ackedThrough, long lastSeq, long backlog, long oldestUnackedTs) {
        public StreamStatus {
            Objects.requireNonNull(stream, "stream");
        }
    }

    public GatewayStatus {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(kind, "kind");
        streams = List.copyOf(streams);
    }
}
