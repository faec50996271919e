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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Platform side of the protocol: subscribes to every gateway's batches, de-duplicates by sequence number against
 * the {@link Sink}'s watermark, hands fresh records to the sink and acknowledges only after the sink committed.
 * A batch whose records were all stored before is acknowledged again without touching the store; a batch that
 * does not follow the watermark is answered with a {@link Ack#GAP} ack so the sender resends from there;
 * a malformed or forged batch is counted, logged and answered {@link Ack#REJECTED}.
 *
 * <p>All sink calls and all publishing happen on one worker thread (never on Paho's callback thread), which
 * also reconnects with backoff. Lifecycle: {@link #start()} once, {@link #close()} once.
 */
public final class SyncReceiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncReceiver.class);

    private record Incoming(String topic, byte[] payload) {}

    private final String brokerUrl;
    private final Sink sink;
    private final MqttClient client;
    private static final int QUEUE = 10_000;
    private final BlockingQueue<Incoming> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong overflow = new AtomicLong();
    private final Thread worker;
    private volatile boolean running;
    private volatile boolean connected;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public SyncReceiver(String brokerUrl, String clientId, Sink sink) {
        this.brokerUrl = brokerUrl;
        this.sink = sink;
        try {
            this.client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("receiver broker '" + brokerUrl + "': " + e.getMessage(), e);
        }
        client.setTimeToWait(5000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                connected = false;
                log.warn("platform: connection to {} lost: {}", brokerUrl, SyncSender.reason(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Never block Paho's callback thread: while it waits, Paho stops reading the socket, so the PUBACKs
                // of our own ack publishes never arrive and the worker stalls (a deadlock broken only by timeouts).
                // When the worker is this far behind, drop: the gateway resends unacknowledged batches anyway.
                if (!queue.offer(new Incoming(topic, message.getPayload()))) {
                    long n = overflow.incrementAndGet();
                    if (n == 1 || n % 1000 == 0) {
                        log.warn("platform: receiver queue full ({} messages): dropped {} so far; gateways will resend them", QUEUE, n);
                    }
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        worker = new Thread(this::loop, "sync-receiver");
        worker.setDaemon(true);
    }

    public void start() {
        running = true;
        worker.start();
    }

    public boolean connected() {
        return connected;
    }

    public ReceiverStats stats() {
        return new ReceiverStats(batches.get(), stored.get(), duplicates.get(), rejected.get());
    }

    private void loop() {
        long backoff = 250;
        boolean failing = false;
        while (running) {
            if (!connected || !client.isConnected()) {
                connected = false;
                try {
                    MqttConnectOptions o = new MqttConnectOptions();
                    o.setCleanSession(true);
                    o.setAutomaticReconnect(false);
                    o.setKeepAliveInterval(10);
                    o.setConnectionTimeout(5);
                    o.setMaxInflight(256);
                    client.connect(o);
                    client.subscribe(Topics.ALL_BATCHES, 1);
                    connected = true;
                    backoff = 250;
                    failing = false;
                    log.info("platform: receiving batches on {} at {}", Topics.ALL_BATCHES, brokerUrl);
                } catch (MqttException e) {
                    if (!failing) log.warn("platform: broker {} unreachable: {}; retrying", brokerUrl, SyncSender.reason(e));
                    failing = true;
                    try {
                        if (client.isConnected()) client.disconnectForcibly(0, 500);
                    } catch (MqttException ignored) {
                        // already gone
                    }
                    pause(backoff);
                    backoff = Math.min(backoff * 2, 5000);
                    continue;
                }
            }
            Incoming in;
            try {
                in = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (in != null) handle(in);
        }
    }

    /** Processes one message; package-private for tests. */
    void handle(Incoming in) {
        String[] gs = Topics.parseBatch(in.topic());
        if (gs == null) {
            rejected.incrementAndGet();
            log.warn("platform: rejected message on unexpected topic {}", in.topic());
            return;
        }
        Batch b;
        try {
            b = SyncCodec.decodeBatch(in.payload());
        } catch (SyncFormatException e) {
            rejected.incrementAndGet();
            log.warn("platform: rejected batch on {}: {}", in.topic(), e.getMessage());
            publishAck(new Ack(gs[0], 0, gs[1], 0, Ack.REJECTED, e.getMessage()));
            return;
        }
        if (!b.gateway().equals(gs[0]) || !b.stream().equals(gs[1])) {
            rejected.incrementAndGet();
            String why = "batch names gateway " + b.gateway() + " stream " + b.stream() + " but came on topic " + in.topic();
            log.warn("platform: rejected forged batch: {}", why);
            publishAck(new Ack(gs[0], b.epoch(), gs[1], 0, Ack.REJECTED, why));
            return;
        }
        batches.incrementAndGet();
        try {
            long w = sink.committedThrough(b.gateway(), b.epoch(), b.stream());
            if (b.last() <= w) {
                duplicates.addAndGet(b.records().size());
                publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.OK, null));
                return;
            }
            if (b.prev() > w) {
                publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.GAP,
                        "batch follows seq " + b.prev() + " but the store holds through " + w));
                return;
            }
            List<SyncRecord> fresh = new ArrayList<>(b.records().size());
            for (SyncRecord r : b.records()) if (r.seq() > w) fresh.add(r);
            sink.commit(b, fresh, b.last());
            stored.addAndGet(fresh.size());
            duplicates.addAndGet(b.records().size() - fresh.size());
            publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), b.last(), Ack.OK, null));
        } catch (Exception e) {
            // Not acknowledged: the gateway keeps the records and resends after its ack timeout.
            log.error("platform: store failed for {} {} seq {}..{}: {}", b.gateway(), b.stream(), b.first(), b.last(), e.toString());
        }
    }

    private void publishAck(Ack a) {
        try {
            MqttMessage m = new MqttMessage(SyncCodec.encode(a));
            m.setQos(1);
            client.publish(Topics.ack(a.gateway()), m);
        } catch (MqttException | RuntimeException e) {
            log.debug("platform: ack to {} not sent ({}); the gateway will resend", a.gateway(), e.toString());
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) client.disconnect(1000);
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 500);
            } catch (MqttException ignored) {
                // gone
            }
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("platform: close: {}", e.toString());
        }
    }
}
