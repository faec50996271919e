package org.ecogate.agent.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.ecogate.agent.config.WebConfig;
import org.ecogate.agent.runtime.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.Executors;

/**
 * The agent's local web server (JDK HttpServer, one thread): the page ({@code /}), JSON for {@code ecogate values}
 * ({@code /api/values}, {@code /api/status}) and Prometheus {@code /metrics}. Bound to 127.0.0.1 by default; with a
 * password every path asks for HTTP basic auth (user {@code ecogate}). Trap: if the port is taken the server takes a
 * free one rather than failing the agent; {@link #url()} (recorded in the status file) says where it is.
 */
public final class LocalWeb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalWeb.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String url;

    private LocalWeb(HttpServer server, String url) {
        this.server = server;
        this.url = url;
    }

    /** Starts serving {@code agent}'s views; returns null (and says why) when it cannot listen at all. */
    public static LocalWeb start(Agent agent, WebConfig cfg) {
        if (!cfg.enabled()) return null;
        HttpServer s;
        try {
            s = bind(cfg.bind(), cfg.port());
        } catch (BindException taken) {
            try {
                s = bind(cfg.bind(), 0);
                log.warn("web: port {} on {} is taken; serving on port {} instead", cfg.port(), cfg.bind(), s.getAddress().getPort());
            } catch (IOException e) {
                log.error("web: cannot listen on {}: {}; no local page", cfg.bind(), e.getMessage());
                return null;
            }
        } catch (IOException e) {
            log.error("web: cannot listen on {}:{}: {}; no local page", cfg.bind(), cfg.port(), e.getMessage());
            return null;
        }
        Views views = new Views(agent);
        String expected = cfg.password() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(("ecogate:" + cfg.password()).getBytes(StandardCharsets.UTF_8));
        s.createContext("/", ex -> {
            try (ex) {
                if (expected != null && !authorized(ex, expected)) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"ecogate\", charset=\"UTF-8\"");
                    send(ex, 401, "text/plain", "password required\n");
                    return;
                }
                switch (ex.getRequestURI().getPath()) {
                    case "/" -> {
                        ObjectNode st = views.status();
                        PageText text = PageText.of(PageText.choose(ex.getRequestURI().getRawQuery(), ex.getRequestHeaders().getFirst("Accept-Language")));
                        ex.getResponseHeaders().set("Content-Language", text.lang());
                        ex.getResponseHeaders().set("Vary", "Accept-Language");
                        send(ex, 200, "text/html; charset=utf-8", Page.render(st, views.values(st), text, System.currentTimeMillis()));
                    }
                    case "/api/values" -> send(ex, 200, "application/json", JSON.writeValueAsString(views.values()));
                    case "/api/status" -> send(ex, 200, "application/json", JSON.writeValueAsString(views.status()));
                    case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4", Metrics.render(views.status(), agent.liveValues()));
                    default -> send(ex, 404, "text/plain", "not found\n");
                }
            } catch (Exception e) {
                log.warn("web: {} failed: {}", ex.getRequestURI().getPath(), e.toString());
            }
        });
        s.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "web");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        String host = s.getAddress().getAddress().getHostAddress();
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + s.getAddress().getPort() + "/";
        log.info("web: local page {}{}", url, expected == null ? "" : " (password required, user ecogate)");
        return new LocalWeb(s, url);
    }

    private static HttpServer bind(String host, int port) throws IOException {
        return HttpServer.create(new InetSocketAddress(host, port), 8);
    }

    private static boolean authorized(HttpExchange ex, String expected) {
        String got = ex.getRequestHeaders().getFirst("Authorization");
        return got != null && MessageDigest.isEqual(got.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
