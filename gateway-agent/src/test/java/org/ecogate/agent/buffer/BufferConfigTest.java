package org.ecogate.agent.buffer;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 5: the buffer section of the agent config (sizes, durations, defaults, ranges). */
class BufferConfigTest {
    private static final String YAML = """
            gateway: gw1
            %s
            uplink:
              broker: tcp://127.0.0.1:1883
            devices:
              - id: fan1
                host: 127.0.0.1
                points:
                  - {name: freq, address: 0, table: holding, type: float32}
            """;

    private static AgentConfig parse(String buffer) throws ConfigException {
        return ConfigLoader.parse("site.yaml", YAML.formatted(buffer), Path.of("/tmp"));
    }

    // issue 5
    @Test
    void defaultsWhenAbsent() throws Exception {
        BufferSettings s = BufferSettings.of(parse("").buffer());
        assertThat(parse("").buffer().path()).isEqualTo("ecogate.db");
        assertThat(s.maxBytes()).isEqualTo(512L << 20);
        assertThat(s.maxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(s.keepAcked()).isEqualTo(Duration.ZERO);
        assertThat(s.memoryCycles()).isEqualTo(600);
    }

    // issue 5
    @Test
    void sizesAndDurationsAsWritten() throws Exception {
        var b = parse("buffer: {path: x.db, maxBytes: 64MB, maxAge: 7d, keepAcked: 1d, keepDocs: 90d, memoryCycles: 1200}").buffer();
        assertThat(b.path()).isEqualTo("x.db");
        assertThat(b.maxBytes()).isEqualTo(64L << 20);
        assertThat(b.maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(b.keepAcked()).isEqualTo(Duration.ofDays(1));
        assertThat(b.keepDocs()).isEqualTo(Duration.ofDays(90));
        assertThat(b.memoryCycles()).isEqualTo(1200);
        assertThat(parse("buffer: {maxBytes: 1GB}").buffer().maxBytes()).isEqualTo(1L << 30);
        assertThat(parse("buffer: {maxBytes: 1.5GB}").buffer().maxBytes()).isEqualTo(3L << 29);
        assertThat(parse("buffer: {maxBytes: 2097152}").buffer().maxBytes()).isEqualTo(2L << 20);
    }

    // issue 5
    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> parse("buffer: {maxBytes: 100KB}")).hasMessageContaining("buffer.maxBytes")
                .hasMessageContaining("too small (at least 1MB)");
        assertThatThrownBy(() -> parse("buffer: {maxBytes: lots}")).hasMessageContaining("buffer.maxBytes")
                .hasMessageContaining("wrong value 'lots'");
        assertThatThrownBy(() -> parse("buffer: {maxAge: 30}")).hasMessageContaining("buffer.maxAge");
        assertThatThrownBy(() -> parse("buffer: {maxAge: 1d, keepAcked: 2d}")).hasMessageContaining("buffer.keepAcked")
                .hasMessageContaining("longer than maxAge");
        assertThatThrownBy(() -> parse("buffer: {memoryCycles: 0}")).hasMessageContaining("buffer.memoryCycles");
    }
}
