package org.ecogate.sync.internal.codec;

import java.util.regex.Pattern;

/**
 * MQTT topic names of protocol v1 (PROTOCOL.md "Topics"). A gateway publishes batches on
 * {@code ecogate/v1/{gateway}/batch/{stream}} and its status on {@code ecogate/v1/{gateway}/status}, and
 * subscribes to {@code ecogate/v1/{gateway}/ack} and {@code ecogate/v1/{gateway}/cmd}. Protocol v2 moves batches and
 * acks to {@code ecogate/v2/{gateway}/batch/{stream}} and {@code ecogate/v2/{gateway}/ack}; status, commands and the
 * platform-online message stay on the v1 topics (PROTOCOL.md 13.1).
 */
public final class Topics {
    public static final String PREFIX = "ecogate/v1/";
    public static final String ALL_BATCHES = PREFIX + "+/batch/+";
    public static final String PREFIX_V2 = "ecogate/v2/";
    public static final String ALL_BATCHES_V2 = PREFIX_V2 + "+/batch/+";
    public static final String ALL_STATUS = PREFIX + "+/status";
    /** The receiver publishes here (QoS 1, not retained) each time it has (re)subscribed: gateways resend. */
    public static final String PLATFORM_ONLINE = PREFIX + "platform/online";
    /** Gateway ids and stream names: letters, digits, '_' and '-', 1 to 64 characters (safe in topic levels). */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Topics() {}

    public static String batch(String gateway, String stream) {
        return PREFIX + checkName("gateway", gateway) + "/batch/" + checkName("stream", stream);
    }

    public static String batch(int version, String gateway, String stream) {
        return version == 2 ? PREFIX_V2 + checkName("gateway", gateway) + "/batch/" + checkName("stream", stream) : batch(gateway, stream);
    }

    public static String ack(int version, String gateway) {
        return version == 2 ? PREFIX_V2 + checkName("gateway", gateway) + "/ack" : ack(gateway);
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

    /** Returns the gateway of a status topic, or {@code null} if the topic is not one. */
    public static String parseStatus(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) return null;
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
