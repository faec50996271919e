package org.ecogate.sim.platform;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A simulated officer's inbox: an HTTP webhook on loopback taking outage notices (POST JSON with an
 * {@code Idempotency-Key}). Keeps each key's first body and counts repeats, so tests can check "delivered once";
 * can refuse the first N requests (503) to exercise retries. Thread-safe. Trap: repeats are absorbed like a real
 * idempotent webhook would, and counted in {@link #repeats()}.
 */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer http;
    private final Map<String, String> byKey = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final AtomicInteger repeats = new AtomicInteger();
    private final AtomicInteger refuse;
    private volatile Consumer<String> listener = b -> {};

    public WebhookReceiver(int port, int refuseFirst) throws IOException {
        refuse = new AtomicInteger(refuseFirst);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        http.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
                int code;
                if (!"POST".equals(ex.getRequestMethod()) || key == null) code = 400;
                else if (refuse.getAndDecrement() > 0) code = 503;
                else {
                    code = 200;
                    if (byKey.putIfAbsent(key, body) == null) {
                        synchronized (order) {
                            order.add(key);
                        }
                        listener.accept(body);
                    } else {
                        repeats.incrementAndGet();
                    }
                }
                ex.sendResponseHeaders(code, -1);
            } finally {
                ex.close();
            }
        });
        http.start();
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/notices";
    }

    /** Called once per new key with the notice JSON. */
    public void onNotice(Consumer<String> l) {
        listener = l == null ? b -> {} : l;
    }

    /** Keys received, first delivery order. */
    public List<String> keys() {
        synchronized (order) {
            return List.copyOf(order);
        }
    }

    public String body(String key) {
        return byKey.get(key);
    }

    /** Deliveries of a key already received. */
    public int repeats() {
        return repeats.get();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
