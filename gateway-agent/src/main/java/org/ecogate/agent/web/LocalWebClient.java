package org.ecogate.agent.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Reads a running agent's JSON views over its local web server (the address the agent records in its status
 * file), with the configured password. Thread-safe. Trap: a refused password is an {@link IOException} naming
 * web.password, not a parse error.
 */
public final class LocalWebClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String auth;

    public LocalWebClient(String baseUrl, String password) {
        this.base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.auth = password == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(("ecogate:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** GET {@code path} (e.g. "api/values") as JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
        if (auth != null) rq.header("Authorization", auth);
        HttpResponse<String> r = http.send(rq.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401) throw new IOException("the agent's page refused the password (web.password / web.passwordFile of this config)");
        if (r.statusCode() != 200) throw new IOException("the agent answered HTTP " + r.statusCode() + " for /" + path);
        return LocalWeb.JSON.readTree(r.body());
    }
}
