package org.ecogate.sync;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gateway side of the protocol: one thread that reads unacknowledged records from a {@link SenderSource},
 * publishes them as batches (MQTT QoS 1) and reports the platform's acks back to the source, which only then
 * frees them. After a reconnect, an ack timeout or a gap report it resends from the last acknowledged record;
 * the receiver de-duplicates, so resending is always safe.
 *
 * <p>Uses one Paho client for its whole life (Paho leaks threads when clients are created per connect),
 * {@link MemoryPersistence} (the buffer is the durable store, not Paho), automatic reconnect off (our own loop
 * with exponential backoff also retries the first connect), and a raised in-flight limit.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once. {@link #wakeUp()}, {@link #stats()} and
 * {@link #drain(Duration)} may be called from any thread.
 */
public final class SyncSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncSender.class);

    private final SenderConfig cfg;
    private final SenderSource source;
    private final MqttClient client;
    private final String ackTopic;
    private final Map<String, StreamState> streams = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean connected;
    private volatile long idleStamp;
    private boolean woken;
    private boolean everConnected;

    private final AtomicLong batchesSent = new AtomicLong();
    private final AtomicLong recordsSent = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicLong acksReceived = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();

    private static final class StreamState {
        long acked;
        long sentThrough;
        final ArrayDeque<Long> inflight = new ArrayDeque<>();
        long lastProgressNanos;
        boolean backlogEmpty;
    }

    public SyncSender(SenderConfig cfg, SenderSource source) {
        this.cfg = cfg;
        this.source = source;
        this.ackTopic = Topics.ack(cfg.gateway());
        for (String s : cfg.streams()) streams.put(s, new StreamState());
        try {
            this.client = new MqttClient(cfg.brokerUrl(), cfg.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("uplink broker '" + cfg.brokerUrl() + "': " + e.getMessage(), e);
        }
        client.setTimeToWait(Math.max(2000, cfg.ackTimeout().toMillis()));
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                connected = false;
                log.warn("uplink: connection to {} lost: {}", cfg.brokerUrl(), reason(cause));
                wakeUp();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                try {
                    acks.add(SyncCodec.decodeAck(message.getPayload()));
                    wakeUp();
                } catch (SyncFormatException e) {
                    log.warn("uplink: ignored malformed ack on {}: {}", topic, e.getMessage());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        this.thread = new Thread(this::loop, "sync-sender-" + cfg.gateway());
        this.thread.setDaemon(true);
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
        wakeUp();
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
    }

    public SenderStats stats() {
        return new SenderStats(connected, batchesSent.get(), recordsSent.get(), resends.get(), acksReceived.get(),
                reconnects.get());
    }

    private void loop() {
        long backoff = cfg.reconnectMin().toMillis();
        boolean failing = false;
        while (running) {
            try {
                if (!connected || !client.isConnected()) {
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
                handleAcks();
                boolean sentSomething = sendAvailable();
                checkTimeouts();
                boolean idle = true;
                for (StreamState st : streams.values()) idle &= st.backlogEmpty && st.inflight.isEmpty();
                if (idle) idleStamp = System.nanoTime();
                if (!sentSomething) waitForWork(idle ? 1000 : 50);
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
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(10);
        o.setConnectionTimeout(5);
        o.setMaxInflight(Math.max(16, cfg.window() * streams.size() * 2 + 4));
        if (cfg.username() != null) o.setUserName(cfg.username());
        if (cfg.password() != null) o.setPassword(cfg.password().toCharArray());
        try {
            client.connect(o);
            client.subscribe(ackTopic, 1);
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
        for (Map.Entry<String, StreamState> e : streams.entrySet()) {
            StreamState st = e.getValue();
            hadInflight |= !st.inflight.isEmpty() || st.sentThrough > st.acked;
            st.acked = Math.max(st.acked, source.ackedThrough(e.getKey()));
            st.sentThrough = st.acked;
            st.inflight.clear();
            st.backlogEmpty = false;
        }
        if (hadInflight) resends.incrementAndGet();
        log.info("uplink: {} to {} as {}", everConnected ? "reconnected" : "connected", cfg.brokerUrl(), cfg.clientId());
        everConnected = true;
        return true;
    }

    private void handleAcks() throws Exception {
        Ack a;
        while ((a = acks.poll()) != null) {
            StreamState st = streams.get(a.stream());
            if (st == null || a.epoch() != cfg.epoch() || !a.gateway().equals(cfg.gateway())) {
                log.debug("uplink: ignored ack for {}/{}/{}", a.gateway(), a.epoch(), a.stream());
                continue;
            }
            acksReceived.incrementAndGet();
            if (a.ackedThrough() > st.acked) {
                st.acked = a.ackedThrough();
                source.acked(a.stream(), cfg.epoch(), st.acked);
                st.lastProgressNanos = System.nanoTime();
                while (!st.inflight.isEmpty() && st.inflight.peekFirst() <= st.acked) st.inflight.pollFirst();
                if (st.sentThrough < st.acked) {
                    st.sentThrough = st.acked;
                    st.inflight.clear();
                }
            }
            if (Ack.GAP.equals(a.status()) && st.sentThrough > st.acked) {
                log.info("uplink: platform reports a gap in {} after seq {}; resending from there", a.stream(), a.ackedThrough());
                rewind(st);
            } else if (Ack.REJECTED.equals(a.status())) {
                log.error("uplink: platform rejected a {} batch: {}", a.stream(), a.reason());
            }
        }
    }

    private boolean sendAvailable() throws Exception {
        boolean sent = false;
        for (Map.Entry<String, StreamState> e : streams.entrySet()) {
            String stream = e.getKey();
            StreamState st = e.getValue();
            st.backlogEmpty = false;
            while (st.inflight.size() < cfg.window() && running) {
                List<SyncRecord> recs = source.recordsAfter(stream, st.sentThrough, cfg.batchMaxRecords());
                if (recs.isEmpty()) {
                    st.backlogEmpty = true;
                    break;
                }
                Batch b = Batch.of(cfg.gateway(), cfg.epoch(), stream, st.sentThrough, recs);
                MqttMessage m = new MqttMessage(SyncCodec.encode(b));
                m.setQos(1);
                client.publish(Topics.batch(cfg.gateway(), stream), m);
                if (st.inflight.isEmpty()) st.lastProgressNanos = System.nanoTime();
                st.inflight.addLast(b.last());
                st.sentThrough = b.last();
                batchesSent.incrementAndGet();
                recordsSent.addAndGet(recs.size());
                sent = true;
                handleAcks();
            }
        }
        return sent;
    }

    private void checkTimeouts() {
        long now = System.nanoTime();
        for (Map.Entry<String, StreamState> e : streams.entrySet()) {
            StreamState st = e.getValue();
            if (!st.inflight.isEmpty() && now - st.lastProgressNanos > cfg.ackTimeout().toNanos()) {
                log.warn("uplink: no ack for {} within {} ms; resending {} from seq {}", e.getKey(),
                        cfg.ackTimeout().toMillis(), e.getKey(), st.acked + 1);
                rewind(st);
            }
        }
    }

    private void rewind(StreamState st) {
        st.sentThrough = st.acked;
        st.inflight.clear();
        st.backlogEmpty = false;
        resends.incrementAndGet();
    }

    private void waitForWork(long ms) {
        synchronized (signal) {
            if (!woken && acks.isEmpty()) {
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
        try {
            if (client.isConnected()) client.disconnectForcibly(0, 500);
        } catch (MqttException ignored) {
            // already gone
        }
    }

    static String reason(Throwable t) {
        if (t == null) return "unknown";
        String msg = t.getMessage();
        Throwable c = t.getCause();
        if (c != null && c.getMessage() != null) msg = (msg == null ? "" : msg + ": ") + c.getMessage();
        return msg == null ? t.getClass().getSimpleName() : msg;
    }

    /** Stops the sender thread and closes the MQTT connection. Records not yet acknowledged stay in the source. */
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
            if (client.isConnected()) client.disconnect(1000);
        } catch (MqttException e) {
            forceDisconnect();
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("uplink: close: {}", e.toString());
        }
        connected = false;
    }
}
