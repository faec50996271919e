package org.ecogate.sync;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-line reason the sender logs for a failed connection (issue 23: "Connection refused: Connection refused"). */
class SenderReasonTest {
    @Test
    void aRefusedConnectionIsSaidOnce() {
        // the transport's exception already carries its cause's text
        Exception e = new Exception("cannot connect to 127.0.0.1:1: Connection refused", new ConnectException("Connection refused"));
        assertThat(SyncSender.reason(e)).isEqualTo("cannot connect to 127.0.0.1:1: Connection refused");
    }

    @Test
    void aMessageAndADifferentCauseAreBothKept() {
        Exception e = new Exception("Unable to connect to server", new ConnectException("Connection refused"));
        assertThat(SyncSender.reason(e)).isEqualTo("Unable to connect to server: Connection refused");
    }
}
