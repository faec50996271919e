package org.ecogate.agent.config;

/**
 * {@code web:} the agent's local page, JSON for {@code ecogate values}, and Prometheus {@code /metrics}.
 * Immutable. Secure by default: bound to 127.0.0.1; {@code password} (or {@code passwordFile}, read by
 * {@link Secrets}) asks for HTTP basic auth, user {@code ecogate}. Never printed.
 *
 * @param enabled  serve at all (default true)
 * @param bind     address to listen on (default 127.0.0.1; 0.0.0.0 only with a password)
 * @param port     TCP port (default 8080; 0 = any free port; if the port is taken the agent takes a free one and
 *                 says so: the status file records the page's address)
 * @param password HTTP basic auth password, or null for none
 */
public record WebConfig(Boolean enabled, String bind, Integer port, String password) {
    public static final WebConfig DEFAULT = new WebConfig(Settings.WEB_ENABLED.defaultValue(), Settings.WEB_BIND.defaultValue(),
            Settings.WEB_PORT.defaultValue(), null);

    static WebConfig resolve(WebConfig raw, BufferConfig.Problem problem) throws ConfigException {
        if (raw == null) return DEFAULT;
        String bind = raw.bind() == null ? DEFAULT.bind() : raw.bind();
        int port = raw.port() == null ? DEFAULT.port() : raw.port();
        if (port < Settings.WEB_PORT.min() || port > Settings.WEB_PORT.max()) throw problem.at("port", port + " is out of range " + Settings.WEB_PORT.rangeText());
        boolean loopback = bind.equals("127.0.0.1") || bind.equals("::1") || bind.equals("localhost");
        if (!loopback && (raw.password() == null || raw.password().isEmpty())) {
            throw problem.at("bind", "'" + bind + "' exposes the page beyond this box: set web.passwordFile too (or keep 127.0.0.1)");
        }
        return new WebConfig(raw.enabled() == null || raw.enabled(), bind, port, raw.password());
    }

    @Override
    public String toString() {
        return "WebConfig[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
