package org.ecogate.sim.coap;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated electrostatic-precipitator sensor speaking CoAP (Californium), on loopback UDP (port 0 = any).
 * Resources, all observable (each {@link #set} notifies the observers):
 * <ul>
 *   <li>{@code /esp}: JSON {@code {"kv":..,"ma":..,"spark_rate":..}} (content format 50)</li>
 *   <li>{@code /esp/cbor}: the same map in CBOR (content format 60; encoded here by hand, float64 values)</li>
 *   <li>{@code /esp/kv}: the voltage alone as a plain number (text/plain)</li>
 * </ul>
 * Configuration is built in code: no Californium3.properties is read or written.
 * {@link #requests()} counts requests received (an Observe registration is one), {@link #notifications()} the notifications sent.
 */
public final class EspCoapSensor implements AutoCloseable {
    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    private final CoapServer server;
    private final Values[] holder = {new Values(45.0, 120.0, 2.0)};
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger notifications = new AtomicInteger();
    private final Esp json;
    private final Esp cbor;
    private final Esp kv;
    private ScheduledExecutorService ticker;
    private volatile long maxAgeSeconds = 60;

    public record Values(double kv, double ma, double sparkRate) {}

    public EspCoapSensor() {
        this(0);
    }

    /** A sensor on loopback UDP {@code port} (0 = any free port). */
    public EspCoapSensor(int port) {
        Configuration cfg = Configuration.createStandardWithoutFile();
        server = new CoapServer(cfg);
        server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(cfg)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", port)).build());
        json = new Esp("esp", "json");
        cbor = new Esp("cbor", "cbor");
        kv = new Esp("kv", "number");
        json.add(cbor);
        json.add(kv);
        server.add(json);
    }

    /** Starts the server; returns the UDP port. */
    public int start() {
        server.start();
        return port();
    }

    public int port() {
        return server.getEndpoints().get(0).getAddress().getPort();
    }

    public synchronized Values values() {
        return holder[0];
    }

    /** New values; every observer of every resource is notified. */
    public void set(double kvValue, double ma, double sparkRate) {
        synchronized (this) {
            holder[0] = new Values(kvValue, ma, sparkRate);
        }
        json.changed();
        cbor.changed();
        kv.changed();
    }

    /** Max-Age sent with every response (seconds). */
    public void setMaxAgeSeconds(long s) {
        maxAgeSeconds = s;
    }

    /** Changes the values every {@code periodMs} (a slow drift with sparks), notifying observers. */
    public synchronized void tick(long periodMs) {
        if (ticker != null) ticker.shutdownNow();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "esp-coap-ticker");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            double s = (System.nanoTime() - t0) / 1e9;
            set(45 + 3 * Math.sin(s / 10), 120 + 10 * Math.cos(s / 7), Math.floor(2 + 2 * Math.sin(s / 3) + 2));
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    public int requests() {
        return requests.get();
    }

    /** Notifications sent to observers (Californium renders each by calling the resource's GET handler again). */
    public int notifications() {
        return notifications.get();
    }

    public int observers() {
        return json.getObserverCount() + cbor.getObserverCount() + kv.getObserverCount();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (ticker != null) ticker.shutdownNow();
        }
        server.destroy();
    }

    static String json(Values v) {
        return String.format(Locale.ROOT, "{\"kv\":%s,\"ma\":%s,\"spark_rate\":%s}", v.kv(), v.ma(), v.sparkRate());
    }

    /** CBOR map(3) of text keys to float64 (RFC 8949 major types 5, 3 and 7/27). */
    static byte[] cbor(Values v) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0xA3);
        entry(o, "kv", v.kv());
        entry(o, "ma", v.ma());
        entry(o, "spark_rate", v.sparkRate());
        return o.toByteArray();
    }

    private static void entry(ByteArrayOutputStream o, String key, double value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        o.write(0x60 | k.length); // keys here are shorter than 24 bytes
        o.write(k, 0, k.length);
        o.write(0xFB);
        long bits = Double.doubleToLongBits(value);
        for (int i = 7; i >= 0; i--) o.write((int) (bits >>> (8 * i)) & 0xFF);
    }

    private final class Esp extends CoapResource {
        private final String format;

        Esp(String name, String format) {
            super(name);
            this.format = format;
            setObservable(true);
            setObserveType(CoAP.Type.CON);
            getAttributes().setObservable();
        }

        @Override
        public void handleGET(CoapExchange ex) {
            var relation = ex.advanced().getRelation();
            if (relation != null && relation.isEstablished()) notifications.incrementAndGet(); // a notification
            else requests.incrementAndGet();
            Values v = values();
            ex.setMaxAge(maxAgeSeconds);
            switch (format) {
                case "cbor" -> ex.respond(CoAP.ResponseCode.CONTENT, cbor(v), MediaTypeRegistry.APPLICATION_CBOR);
                case "number" -> ex.respond(CoAP.ResponseCode.CONTENT, String.format(Locale.ROOT, "%s", v.kv()), MediaTypeRegistry.TEXT_PLAIN);
                default -> ex.respond(CoAP.ResponseCode.CONTENT, json(v), MediaTypeRegistry.APPLICATION_JSON);
            }
        }
    }
}
