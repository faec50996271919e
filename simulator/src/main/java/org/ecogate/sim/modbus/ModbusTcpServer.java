package org.ecogate.sim.modbus;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Modbus TCP server (function codes 1-6, 15, 16) serving one {@link RegisterBank}, on plain sockets
 * with one daemon thread per connection. Any unit id is accepted and echoed. Fault hooks make it act like a
 * sick device: {@link #setSilent(boolean)} reads requests but never answers, {@link #setDelayMs(int)} answers
 * late.
 *
 * <p>Thread-safe. Trap: {@link #close()} closes the client sockets too, so a client sees the connection drop
 * rather than a timeout; use {@link #setSilent(boolean)} to simulate a device that stops answering.
 */
public final class ModbusTcpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusTcpServer.class);

    /** Largest MBAP length field: unit id + a PDU of at most 253 bytes (an ADU of at most 260 bytes). */
    static final int MAX_LENGTH_FIELD = 254;

    private final String name;
    private final String host;
    private final int requestedPort;
    private final RequestHandler handler;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger connectionCounter = new AtomicInteger();
    private volatile boolean silent;
    private volatile int delayMs;
    private volatile Fault fault = Fault.NONE;
    private final java.util.Random random = new java.util.Random(7);
    private volatile boolean closed;
    private ServerSocket listener;
    private Thread acceptThread;

    /** A server for {@code bank} on {@code host:port} (port 0 = a free port); call {@link #start()}. */
    public ModbusTcpServer(String host, int port, RegisterBank bank) {
        this("server", host, port, bank);
    }

    /**
     * Same as {@link #ModbusTcpServer(String, int, RegisterBank)}, with a {@code name} used in thread names
     * ({@code modbus-NAME-conn-N}) and log lines, typically the device id.
     */
    public ModbusTcpServer(String name, String host, int port, RegisterBank bank) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("modbus server '" + name + "': port must be 0..65535, got " + port);
        }
        this.name = name;
        this.host = host;
        this.requestedPort = port;
        this.handler = new RequestHandler(bank);
    }

    /** Binds the listening socket and starts accepting connections. */
    public synchronized void start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("modbus server '" + name + "' is already started");
        }
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, requestedPort), 50);
        } catch (IOException e) {
            s.close();
            throw new IOException("modbus server '" + name + "': cannot listen on " + host + ":" + requestedPort
                    + ": " + e.getMessage(), e);
        }
        listener = s;
        acceptThread = new Thread(this::acceptLoop, "modbus-" + name + "-accept");
        acceptThread.setDaemon(true);
        acceptThread.start();
        LOG.debug("modbus server '{}' listening on {}:{}", name, host, port());
    }

    /** The bound port (the actual one when constructed with port 0). */
    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("modbus server '" + name + "' is not started");
        }
        return listener.getLocalPort();
    }

    /** The host this server binds to. */
    public String host() {
        return host;
    }

    /** While silent, requests are read and dropped; the connection stays open, as with a hung device. */
    public void setSilent(boolean silent) {
        this.silent = silent;
    }

    /** Whether the server is silent; see {@link #setSilent(boolean)}. */
    public boolean isSilent() {
        return silent;
    }

    /** Delay in milliseconds before each response (0 = none). */
    public void setDelayMs(int delayMs) {
        if (delayMs < 0) {
            throw new IllegalArgumentException("modbus server '" + name + "': delay must be >= 0 ms, got " + delayMs);
        }
        this.delayMs = delayMs;
    }

    /** Injects {@code fault} into every answer from now on ({@link Fault#NONE} to heal). */
    public void setFault(Fault fault) {
        this.fault = fault == null ? Fault.NONE : fault;
    }

    /** Number of client connections currently open. */
    public int connectionCount() {
        return clients.size();
    }

    /** Closes the listener and every client connection, and waits for their threads to end. Idempotent. */
    @Override
    public void close() {
        List<Thread> toJoin;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (listener != null) {
                closeQuietly(listener);
            }
            toJoin = new ArrayList<>(threads);
            if (acceptThread != null) {
                toJoin.add(acceptThread);
            }
        }
        for (Socket c : clients) {
            closeQuietly(c);
        }
        for (Thread t : toJoin) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("modbus server '{}': accept failed: {}", name, e.toString());
                }
                return;
            }
            synchronized (this) {
                if (closed) {
                    closeQuietly(socket);
                    return;
                }
                clients.add(socket);
                Thread t = new Thread(() -> serve(socket),
                        "modbus-" + name + "-conn-" + connectionCounter.incrementAndGet());
                t.setDaemon(true);
                threads.removeIf(old -> !old.isAlive());
                threads.add(t);
                t.start();
            }
        }
    }

    private void serve(Socket socket) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                int transactionId = in.readUnsignedShort();
                int protocolId = in.readUnsignedShort();
                int length = in.readUnsignedShort();
                if (protocolId != 0 || length < 2 || length > MAX_LENGTH_FIELD) {
                    LOG.warn("modbus server '{}': closing connection from {}: "
                            + "bad MBAP header (protocol id {}, length {})", name, peer, protocolId, length);
                    return;
                }
                int unitId = in.readUnsignedByte();
                byte[] pdu = new byte[length - 1];
                in.readFully(pdu);
                if (silent) {
                    continue;
                }
                Fault f = fault;
                if (f.kind() == Fault.Kind.DROP) {
                    return;
                }
                byte[] response = f.apply(pdu, handler.handle(pdu), random);
                if (f.kind() == Fault.Kind.GARBAGE) {
                    out.write(response);
                    out.flush();
                    continue;
                }
                int delay = delayMs;
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                if (silent) {
                    continue; // went silent while we were waiting
                }
                ByteBuffer adu = ByteBuffer.allocate(7 + response.length);
                adu.putShort((short) f.transactionFor(transactionId)).putShort((short) 0).putShort((short) (response.length + 1));
                adu.put((byte) f.unitFor(unitId)).put(response);
                out.write(adu.array());
                out.flush();
            }
        } catch (EOFException | SocketException e) {
            // client went away or the server is closing
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("modbus server '{}': connection from {} failed: {}", name, peer, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(socket);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
