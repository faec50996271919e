package org.ecogate.sync.internal.codec;

import java.util.regex.Pattern;

/**
 * MQTT topic names (PROTOCOL.md "Topics"): every per-gateway topic is {@code ecogate/v{N}/{gateway}/...} where N is the
 * protocol version of its messages ({@link Protocol}: v1 and v2 build their topics from the prefixes here). The
 * platform-online message stays on {@code ecogate/v1/platform/online} for senders of every version. Stateless.
 */
public final class Topics {
    public static final String PREFIX = "ecogate/v1/";
    public static final String ALL_BATCHES = PREFIX + "+/batch/+";
    public static final String PREFIX_V2 = "ecogate/v2/";
    public static final String ALL_BATCHES_V2 = PREFIX_V2 + "+/batch/+";
    public static final String ALL_STATUS = PREFIX + "+/status";
    public static final String ALL_STATUS_V2 = PREFIX_V2 + "+/status";
    /** The receiver publishes here (QoS 1, not retained) each time it has (re)subscribed: gateways resend. */
    public static final String PLATFORM_ONLINE = PREFIX + "platform/online";
    /** Gateway ids and stream names: letters, digits, '_' and '-', 1 to 64 characters (safe in topic levels). */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Topics() {}

    /** The v1 batch topic (v2: {@link ProtocolV2#batchTopic}). */
    public static String batch(String gateway, String stream) {
        return PREFIX + checkName("gateway", gateway) + "/batch/" + checkName("stream", stream);
    }

    /** {@code prefix + gateway + "/" + rest}, the gateway's name checked. */
    public static String of(String prefix, String gateway, String rest) {
        return prefix + checkName("gateway", gateway) + "/" + rest;
    }

    /** 1 or 2 for a topic under {@code ecogate/v1/} or {@code ecogate/v2/}, else 0. */
    public static int version(String topic) {
        return topic == null ? 0 : topic.startsWith(PREFIX) ? 1 : topic.startsWith(PREFIX_V2) ? 2 : 0;
    }

    public static String ack(String gateway) {
        return PREFIX + checkName("gateway", gateway) + "/ack";
    }

    public static String status(String gateway) {
        return PREFIX + checkName("gateway", gateway) + "/status";
    }

    public static String command(String gateway) {
        return PREFIX + checkName("gateway", gateway) + "/cmd";
    }

    /** Returns {gateway, stream} of a v1 or v2 batch topic, or {@code null} if the topic is not one. */
    public static String[] parseBatch(String topic) {
        if (version(topic) == 0) return null;
        String[] parts = topic.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 3 || !parts[1].equals("batch")) return null;
        if (!NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[2]).matches()) return null;
        return new String[] {parts[0], parts[2]};
    }

    /** Returns the gateway of a v1 or v2 status topic, or {@code null} if the topic is not one. */
    public static String parseStatus(String topic) {
        if (version(topic) == 0) return null;
        String[] parts = topic.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 2 || !parts[1].equals("status") || !NAME.matcher(parts[0]).matches()) return null;
        return parts[0];
    }

    public static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a valid name (letters, digits, _ and -, 1-64 chars)");
        }
        return name;
    }
}
