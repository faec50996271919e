package org.ecogate.sync;

import java.util.Objects;

/**
 * A platform command on {@code ecogate/v2/{gateway}/cmd} (or {@code ecogate/v1/...} for a gateway on protocol v1). {@link #RESEND}: send the records of (epoch, stream)
 * with sequence in {@code [from, to]} again (gap repair). {@link #CONFIG}: apply {@code body}, the gateway's new
 * config file (YAML text, at most {@link #MAX_BODY} characters). The gateway answers with a
 * {@link GatewayStatus#RESULT} status. Immutable; {@code body} is null for every command but {@code config}.
 *
 * @param id a platform-chosen id (1-64 name characters) echoed in the result
 */
public record Command(String gateway, String id, String cmd, long epoch, String stream, long from, long to, String body) {
    public static final String RESEND = "resend";
    public static final String CONFIG = "config";
    /** The largest config body a command carries (characters): a big plant's file is far below. */
    public static final int MAX_BODY = 256 * 1024;

    public Command {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cmd, "cmd");
    }

    public Command(String gateway, String id, String cmd, long epoch, String stream, long from, long to) {
        this(gateway, id, cmd, epoch, stream, from, to, null);
    }

    /** A {@code config} command: epoch, stream, from and to carry no meaning (0, "config", 0, 0). */
    public static Command config(String gateway, String id, String yaml) {
        return new Command(gateway, id, CONFIG, 0, CONFIG, 0, 0, Objects.requireNonNull(yaml, "yaml"));
    }
}
