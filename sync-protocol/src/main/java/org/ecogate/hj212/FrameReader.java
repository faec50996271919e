package org.ecogate.hj212;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames from a TCP stream: bytes from {@code ##} up to and including CRLF, at most {@link #MAX} bytes
 * (longer input is skipped to the next CRLF and reported as a bad frame). Not thread-safe: one per connection.
 * Trap: a frame is cut at CRLF, not at the declared length, so that a wrong length is seen and reported.
 */
public final class FrameReader {
    public static final int MAX = 1100;
    private final InputStream in;

    public FrameReader(InputStream in) {
        this.in = in;
    }

    /** Next frame (CRLF included), or null at end of stream; a too-long line comes back truncated to MAX bytes. */
    public byte[] next() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        int prev = -1;
        int b;
        boolean started = false;
        while ((b = in.read()) >= 0) {
            if (!started) {
                if (b == '\r' || b == '\n') {
                    continue; // blank lines between frames
                }
                started = true;
            }
            if (buf.size() < MAX) {
                buf.write(b);
            }
            if (prev == '\r' && b == '\n') {
                return buf.toByteArray();
            }
            prev = b;
        }
        return buf.size() == 0 ? null : buf.toByteArray();
    }
}
