package org.ecogate.sync;
import org.ecogate.sync.BatchDispatcher.StreamState;
import org.ecogate.sync.internal.codec.Protocol;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;
import org.ecogate.sync.internal.engine.BatchSizer;
import org.ecogate.sync.internal.engine.LinkEstimator;
import org.ecogate.sync.internal.engine.Stream;
import org.ecogate.sync.internal.engine.StreamMeter;

import org.ecogate.sync.internal.transport.MqttException;
import org.ecogate.sync.internal.transport.MqttTransport;
import org.ecogate.sync.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gateway side of the protocol (PROTOCOL.md 7): one thread keeps the MQTT connection ({@link Transport}), has the
 * platform's answers applied ({@link AckApplier}), applies commands and timeouts to each stream's engine state
 * ({@link Stream}, {@link LinkEstimator}) and lets the {@link BatchDispatcher} publish what the windows allow; status via
 * {@link StatusReporter}. Resending is always safe.
 * Thread-safety: {@link #wakeUp()}, {@link #stats()}, {@link #progress()}, {@link #drain(Duration)} from any thread,
 * the rest on the sender thread. Trap: {@link #drain} turns lingering off while it waits, so a stop leaves nothing held.
 */
public final class SyncSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncSender.class);

    private final SenderConfig cfg;
    private final SenderSource source;
    private final Transport transport;
    private final Protocol proto;
    private final String ackTopic;
    private final String cmdTopic, cmdTopicV1;
    private final Map<String, StreamState> streams = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String[]> answers = new ConcurrentLinkedQueue<>();
    private volatile java.util.function.Consumer<Command> configHandler;
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean connected;
    private volatile boolean platformOnline; // the receiver (re)subscribed: what it missed must be resent now
    private volatile long idleStamp;
    private boolean woken;
    private boolean everConnected;
    private final StatusReporter status;

    private final AtomicLong resends = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong badAcks = new AtomicLong();
    private final LinkEstimator link = new LinkEstimator();
    private final BatchSizer sizer;
    private final BatchDispatcher dispatch;
    private final AckApplier acks;
    private volatile boolean flushing; // drain(): nothing lingers

    public SyncSender(SenderConfig cfg, SenderSource source) {
        this.cfg = cfg;
        this.source = source;
        this.proto = Protocol.of(cfg.encoding().protocol());
        this.ackTopic = proto.ackTopic(cfg.gateway());
        this.cmdTopic = proto.commandTopic(cfg.gateway());
        this.cmdTopicV1 = Topics.command(cfg.gateway()); // a platform still on v1 commands (PROTOCOL.md 13.6)
        this.sizer = new BatchSizer(cfg.batchMaxBytes(), SyncCodec.MAX_RECORDS);
        for (String s : cfg.streams()) {
            streams.put(s, new StreamState(new Stream(s, cfg.batchMaxRecords()), new StreamMeter(),
                    proto.streamCodec(cfg.epoch(), cfg.encoding()), proto.batchTopic(cfg.gateway(), s)));
        }
        this.status = new StatusReporter(cfg, source, streams.values().stream().map(StreamState::s).toList(), proto);
        try {
            this.transport = new MqttTransport(cfg.brokerUrl(), cfg.clientId(), cfg.username(), cfg.password(), cfg.tls(),
                    Math.max(2000, cfg.ackTimeout().toMillis()), Math.max(5000, cfg.ackTimeout().toMillis()), new Transport.Listener() {
                        @Override
                        public void lost(Throwable cause) {
                            connected = false;
                            log.warn("uplink: connection to {} lost: {}", cfg.brokerUrl(), reason(cause));
                            wakeUp();
                        }

                        @Override
                        public void message(String topic, byte[] payload, boolean retained) {
                            received(topic, payload, retained);
                        }
                    }).keepAlive((int) cfg.keepAlive().toSeconds());
        } catch (MqttException e) {
            throw new IllegalArgumentException("uplink broker '" + cfg.brokerUrl() + "': " + e.getMessage(), e);
        }
        this.acks = new AckApplier(cfg, source, streams, link, sizer, resends);
        this.dispatch = new BatchDispatcher(cfg, source, transport, List.copyOf(streams.values()), link, sizer,
                () -> running, acks::apply);
        this.thread = new Thread(this::loop, "sync-sender-" + cfg.gateway());
        this.thread.setDaemon(true);
    }

    /** An ack, command or platform-online message (on the transport's reader thread: never blocks). */
    private void received(String topic, byte[] payload, boolean retained) {
        try {
            if (topic.equals(Topics.PLATFORM_ONLINE)) {
                if (!retained) platformOnline = true;
            } else if (topic.equals(cmdTopic) || topic.equals(cmdTopicV1)) {
                Command c = Protocol.ofTopic(topic).decodeCommand(cfg.gateway(), payload, cfg.key(), cfg.key() != null);
                if (c.gateway().equals(cfg.gateway())) commands.add(c);
            } else {
                acks.offer(proto.decodeAck(cfg.gateway(), payload, cfg.key(), cfg.key() != null));
            }
            wakeUp();
        } catch (SyncFormatException e) {
            badAcks.incrementAndGet();
            log.warn("uplink: ignored {} message on {}: {}", e.code(), topic, e.getMessage());
        } catch (RuntimeException e) {
            badAcks.incrementAndGet();
            log.warn("uplink: ignored message on {}: {}", topic, e.toString());
        }
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** Tells the sender that new records may be available. */
    public void wakeUp() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /**
     * Waits until the sender has seen every stream fully acknowledged at a moment after this call, at most
     * {@code max}. Returns whether that happened. Call after the producers stopped to empty the backlog.
     */
    public boolean drain(Duration max) {
        long t0 = System.nanoTime();
        long deadline = t0 + max.toNanos();
        flushing = true;
        wakeUp();
        try {
            while (System.nanoTime() < deadline) {
                if (idleStamp - t0 > 0) return true;
                if (!thread.isAlive()) return false;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        } finally {
            flushing = false;
        }
    }

    public SenderStats stats() {
        return new SenderStats(connected, dispatch.batches.get(), dispatch.records.get(), resends.get(), acks.received(),
                reconnects.get(), dispatch.bytes.get(), badAcks.get(), acks.rttMillis(), acks.linkRate(), acks.windowBytes());
    }

    /** Per stream progress, in priority order. */
    public List<StreamProgress> progress() {
        List<StreamProgress> out = new ArrayList<>();
        long now = System.nanoTime();
        for (StreamState st : streams.values()) out.add(st.meter().progress(st.s(), now));
        return out;
    }

    private long downSince, attempts; // sender thread: since when and how often the broker was tried (the reconnect line)

    private void loop() {
        long backoff = cfg.reconnectMin().toMillis();
        boolean failing = false;
        while (running) {
            try {
                if (!connected || !transport.connected()) {
                    connected = false;
                    if (!connect(failing, backoff)) {
                        failing = true;
                        sleep(backoff);
                        backoff = Math.min(backoff * 2, cfg.reconnectMax().toMillis());
                        continue;
                    }
                    failing = false;
                    backoff = cfg.reconnectMin().toMillis();
                }
                acks.apply();
                if (platformOnline) platformReturned();
                if (onlineCheckAt != 0 && System.nanoTime() - onlineCheckAt >= 0) resendAfterPlatformReturn();
                handleCommands();
                boolean sentSomething = dispatch.send(flushing || !running);
                checkTimeouts();
                boolean idle = true;
                for (StreamState st : streams.values()) idle &= st.s().idle();
                if (idle) idleStamp = System.nanoTime();
                if (status.due(System.nanoTime())) status.publish(transport, GatewayStatus.STATUS, null, null);
                if (!sentSomething) {
                    // acks, commands, new records and a lost connection wake the thread; the timed wait only serves
                    // timeouts and status (a thousand senders in one JVM polling every 50 ms starved their platform)
                    long wait = idle ? 1000 : 250;
                    if (onlineCheckAt != 0) wait = Math.max(1, Math.min(wait, (onlineCheckAt - System.nanoTime()) / 1_000_000 + 1));
                    long nextLook = dispatch.nextLook();
                    if (nextLook != 0) wait = Math.max(1, Math.min(wait, (nextLook - System.nanoTime()) / 1_000_000 + 1));
                    waitForWork(wait);
                }
            } catch (MqttException e) {
                connected = false;
                log.warn("uplink: publish to {} failed: {}", cfg.brokerUrl(), reason(e));
                forceDisconnect();
            } catch (Exception e) {
                log.error("uplink: reading the buffer failed: {}", e.toString());
                sleep(1000);
            }
        }
    }

    private boolean connect(boolean failing, long backoff) throws Exception {
        if (downSince == 0) downSince = System.nanoTime();
        attempts++;
        try {
            String refused = transport.connect(proto.statusTopic(cfg.gateway()), status.will(), new String[] {ackTopic, cmdTopic},
                    cmdTopic.equals(cmdTopicV1) ? new String[] {Topics.PLATFORM_ONLINE} : new String[] {Topics.PLATFORM_ONLINE, cmdTopicV1});
            // an older ACL without the platform-online topic: resends then wait for the ack timeout
            if (refused != null && !everConnected) log.warn("uplink: cannot subscribe to {}", refused);
        } catch (MqttException e) {
            if (!failing) {
                log.warn("uplink: broker {} unreachable: {}; retrying with backoff up to {} s", cfg.brokerUrl(),
                        reason(e), cfg.reconnectMax().toSeconds());
            } else {
                log.debug("uplink: broker {} still unreachable ({}), next try in {} ms", cfg.brokerUrl(), reason(e), backoff);
            }
            forceDisconnect();
            return false;
        }
        connected = true;
        if (everConnected) reconnects.incrementAndGet();
        boolean hadInflight = false;
        long now = System.nanoTime();
        for (StreamState st : streams.values()) {
            hadInflight |= st.s().onConnect(source.ackedThrough(st.s().name()), now);
            st.codec().connected();
        }
        if (hadInflight) resends.incrementAndGet();
        if (everConnected) {
            log.info("uplink: reconnected to {} as {} after {} s ({} attempts)", cfg.brokerUrl(), cfg.clientId(),
                    (System.nanoTime() - downSince) / 1_000_000_000L, attempts);
        } else {
            log.info("uplink: connected to {} as {} (protocol v{})", cfg.brokerUrl(), cfg.clientId(), proto.version());
        }
        downSince = 0;
        attempts = 0;
        everConnected = true;
        status.publish(transport, GatewayStatus.BIRTH, null, null);
        return true;
    }

    private long onlineSince, onlineCheckAt; // sender thread: the last platform-online message, when to look at the lanes

    /**
     * A receiver (re)subscribed: the dictionaries are announced again (a restarted receiver holds none, so it learns
     * them from the next batches instead of answering {@code unknown_dictionary}), and a little later (two round
     * trips, at least 300 ms) the lanes that got no ack since are resent (their batches were published while nobody
     * listened). With receivers sharing a subscription the others keep acknowledging, so one receiver's restart does
     * not make every gateway resend its window.
     */
    private void platformReturned() {
        platformOnline = false;
        long now = System.nanoTime();
        for (StreamState st : streams.values()) st.codec().reannounce();
        onlineSince = now;
        onlineCheckAt = now + Math.max(300_000_000L, Math.min(10_000_000_000L, link.ackDueMillis() * 1_000_000L));
    }

    private void resendAfterPlatformReturn() {
        onlineCheckAt = 0;
        boolean any = false;
        for (StreamState st : streams.values()) any |= st.s().onPlatformReturn(System.nanoTime(), onlineSince);
        if (any) {
            resends.incrementAndGet();
            log.info("uplink: the platform is back online; resending what it has not acknowledged");
        }
    }

    /**
     * Who takes {@code config} commands (called on the sender thread: hand the work off, never block); it answers
     * later through {@link #answer}. Without one, config commands are answered "unsupported".
     */
    public void onConfigCommand(java.util.function.Consumer<Command> handler) {
        this.configHandler = handler;
    }

    /** Publishes a result status for command {@code id} (from any thread; sent by the sender thread). */
    public void answer(String id, String detail) {
        answers.add(new String[] {id, detail});
        wakeUp();
    }

    private void handleCommands() throws MqttException {
        for (String[] a; (a = answers.peek()) != null; answers.poll()) status.publish(transport, GatewayStatus.RESULT, a[0], a[1]);
        Command c;
        while ((c = commands.poll()) != null) {
            StreamState st = streams.get(c.stream());
            String detail;
            java.util.function.Consumer<Command> h = configHandler;
            if (c.cmd().equals(Command.CONFIG)) {
                log.info("uplink: platform command {} config ({} characters)", c.id(), c.body().length());
                if (h != null) {
                    h.accept(c);
                    continue;
                }
                detail = "unsupported: this gateway takes no config commands";
            } else if (c.epoch() != cfg.epoch()) {
                detail = "epoch " + c.epoch() + " is not this buffer's epoch " + cfg.epoch() + ": nothing to resend";
            } else if (st == null) {
                detail = "unknown stream " + c.stream();
            } else {
                st.s().onResendCommand(c.from(), System.nanoTime());
                resends.incrementAndGet();
                detail = "resending " + c.stream() + " from seq " + c.from() + " (records the buffer no longer holds are skipped)";
            }
            log.info("uplink: platform command {} {}: {}", c.id(), c.cmd(), detail);
            status.publish(transport, GatewayStatus.RESULT, c.id(), detail);
        }
    }

    private void checkTimeouts() throws MqttException {
        long stalled = transport.stalledMillis();
        if (stalled > cfg.ackTimeout().toMillis()) {
            // the broker acknowledged nothing for that long: the link is dead or half-open
            throw new MqttException(MqttException.TIMEOUT, "no PUBACK from the broker for " + stalled + " ms");
        }
        long now = System.nanoTime();
        // a platform that answers slowly (queued behind other gateways) is not silent: wait as long as acks have been
        // taking (smoothed round trip + 4 deviations), at most 6 x ackTimeout so a lost batch is still resent soon
        long timeout = cfg.ackTimeout().toNanos();
        timeout = Math.max(timeout, Math.min(6 * timeout, link.ackDueMillis() * 1_000_000L));
        for (StreamState st : streams.values()) {
            resends.addAndGet(st.s().checkTimeouts(now, timeout));
        }
    }

    private void waitForWork(long ms) {
        synchronized (signal) {
            if (!woken && acks.none() && commands.isEmpty() && answers.isEmpty()) {
                try {
                    signal.wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    private void sleep(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        synchronized (signal) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void forceDisconnect() {
        transport.drop();
    }

    static String reason(Throwable t) {
        if (t == null) return "unknown";
        String msg = t.getMessage();
        Throwable c = t.getCause();
        // Paho's client exception repeats its cause's text: "Connection refused: Connection refused" said once
        if (c != null && c.getMessage() != null && (msg == null || !msg.contains(c.getMessage()))) {
            msg = (msg == null ? "" : msg + ": ") + c.getMessage();
        }
        return msg == null ? t.getClass().getSimpleName() : msg;
    }

    /**
     * Stops the sender thread and closes the MQTT connection (a clean disconnect: the broker does not publish the
     * will, so an offline status is published first). Records not yet acknowledged stay in the source.
     */
    @Override
    public void close() {
        running = false;
        wakeUp();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (transport.connected()) {
                transport.publishAndWait(proto.statusTopic(cfg.gateway()), status.will(), true);
                transport.disconnect();
            }
        } catch (MqttException e) {
            forceDisconnect();
        }
        transport.close();
        connected = false;
    }
}
