package org.ecogate.sync;

import java.util.Objects;

/**
 * A platform command on {@code ecogate/v1/{gateway}/cmd}. v1 defines one: {@link #RESEND} — send the records
 * of (epoch, stream) with sequence in {@code [from, to]} again (gap repair), even if already acknowledged, as
 * far as the gateway's buffer still holds them. The gateway answers with a {@link GatewayStatus#RESULT} status.
 *
 * @param id a platform-chosen id (1-64 name characters) echoed in the result
 */
public record Command(String gateway, String id, String cmd, long epoch, String stream, long from, long to) {
    public static final String RESEND = "resend";

    public Command {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cmd, "cmd");
    }
}
