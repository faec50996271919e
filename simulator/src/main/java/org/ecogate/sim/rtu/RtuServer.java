package org.ecogate.sim.rtu;

import org.ecogate.sim.modbus.Fault;
import org.ecogate.sim.modbus.RegisterBank;
import org.ecogate.sim.modbus.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Simulated Modbus RTU slaves sharing one bus: several unit ids, each with its own {@link RegisterBank}, answering
 * RTU frames (CRC-16) on a serial line (a pty, e.g. one end of a socat pair) or on TCP (RTU over TCP, as behind a
 * serial-to-Ethernet server). A request for an unknown or silenced unit, or with a bad CRC, gets no answer, as on
 * RS-485. Thread-safe; one daemon thread per line or connection. Trap: frames are delimited by their function
 * code's length, not by silence (ptys have no timing).
 */
public final class RtuServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtuServer.class);

    private final Map<Integer, RequestHandler> units = new ConcurrentHashMap<>();
    private final Set<Integer> silent = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Fault> faults = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final java.util.Random random = new java.util.Random(3);
    private volatile boolean closed;

    public RtuServer(Map<Integer, RegisterBank> banks) {
        banks.forEach((u, b) -> units.put(u, new RequestHandler(b)));
    }

    public void setSilent(int unit, boolean s) {
        if (s) silent.add(unit);
        else silent.remove(unit);
    }

    public void setFault(int unit, Fault f) {
        faults.put(unit, f == null ? Fault.NONE : f);
    }

    /** Serves RTU over TCP on {@code host:port} (0 = free); returns the bound port. */
    public int listenTcp(String host, int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(host, port));
        closeables.add(ss);
        daemon("rtu-tcp-accept", () -> {
            while (!closed) {
                try {
                    Socket s = ss.accept();
                    closeables.add(s);
                    daemon("rtu-tcp-conn", () -> {
                        try (s) {
                            serve(s.getInputStream(), s.getOutputStream());
                        } catch (IOException ignored) {
                            // client went away
                        } finally {
                            closeables.remove(s);
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return ss.getLocalPort();
    }

    /** Serves the serial line at {@code tty} (e.g. a socat pty, set raw). */
    public void serveTty(Path tty) throws IOException {
        RandomAccessFile f = new RandomAccessFile(tty.toFile(), "rw");
        closeables.add(f);
        InputStream in = Channels.newInputStream(f.getChannel());
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                f.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                f.write(b, off, len);
            }
        };
        daemon("rtu-tty", () -> {
            try {
                serve(in, out);
            } catch (IOException e) {
                if (!closed) LOG.debug("rtu line {} closed: {}", tty, e.toString());
            }
        });
    }

    private void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    void serve(InputStream in, OutputStream out) throws IOException {
        while (!closed) {
            int unit = read(in);
            int fc = read(in);
            int n = switch (fc) {
                case 1, 2, 3, 4, 5, 6 -> 4;
                case 15, 16 -> -1;
                default -> -2;
            };
            byte[] body;
            if (n == -2) {
                in.skip(in.available()); // not a request we know: resynchronize on the next frame
                continue;
            } else if (n == -1) {
                byte[] head = readN(in, 5);
                byte[] rest = readN(in, head[4] & 0xFF);
                body = new byte[5 + rest.length];
                System.arraycopy(head, 0, body, 0, 5);
                System.arraycopy(rest, 0, body, 5, rest.length);
            } else {
                body = readN(in, n);
            }
            byte[] crc = readN(in, 2);
            byte[] frame = new byte[2 + body.length];
            frame[0] = (byte) unit;
            frame[1] = (byte) fc;
            System.arraycopy(body, 0, frame, 2, body.length);
            int c = crc(frame, frame.length);
            if ((crc[0] & 0xFF) != (c & 0xFF) || (crc[1] & 0xFF) != (c >> 8)) {
                in.skip(in.available());
                continue;
            }
            RequestHandler h = units.get(unit);
            if (h == null || silent.contains(unit)) continue;
            byte[] pdu = new byte[1 + body.length];
            pdu[0] = (byte) fc;
            System.arraycopy(body, 0, pdu, 1, body.length);
            Fault f = faults.getOrDefault(unit, Fault.NONE);
            if (f.kind() == Fault.Kind.DROP) continue;
            byte[] resp = f.apply(pdu, h.handle(pdu), random);
            if (f.kind() == Fault.Kind.GARBAGE) {
                out.write(resp);
                out.flush();
                continue;
            }
            byte[] adu = new byte[resp.length + 3];
            adu[0] = (byte) f.unitFor(unit);
            System.arraycopy(resp, 0, adu, 1, resp.length);
            int rc = crc(adu, resp.length + 1);
            adu[resp.length + 1] = (byte) rc;
            adu[resp.length + 2] = (byte) (rc >> 8);
            out.write(adu);
            out.flush();
        }
    }

    private static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException();
        return b;
    }

    private static byte[] readN(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new EOFException();
        return b;
    }

    /** Modbus CRC-16 (poly 0xA001, init 0xFFFF) of the first {@code len} bytes; sent low byte first. */
    public static int crc(byte[] b, int len) {
        int crc = 0xFFFF;
        for (int i = 0; i < len; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
        }
        return crc;
    }

    @Override
    public void close() {
        closed = true;
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }
}
