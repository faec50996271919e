package org.ecogate.agent.config;

import org.ecogate.agent.runtime.GatewayKey;
import org.ecogate.sim.plant.PlantConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23: the example config and {@code ecogate init --template local} poll exactly what the shipped plant config
 * serves ({@code ecogate-sim plant -c simulator/config/plant.yaml}): the same device ids on the same host, ports and
 * unit ids, and the same device types as the equipment templates.
 */
class ShippedPlantTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** "fan1 127.0.0.1:15020 unit 1" per device of the plant. */
    private static Set<String> plant() throws Exception {
        PlantConfig p = PlantConfig.load(REPO.resolve("simulator/config/plant.yaml"));
        Set<String> out = new TreeSet<>();
        p.devices().forEach(d -> out.add(d.id() + " " + p.host() + ":" + d.port() + " unit " + d.unit()));
        return out;
    }

    private static Set<String> agent(AgentConfig c) {
        Set<String> out = new TreeSet<>();
        c.devices().forEach(d -> out.add(d.id() + " " + d.where()));
        return out;
    }

    @Test
    void theExampleConfigPollsTheShippedPlant() throws Exception {
        Path cfg = Files.copy(REPO.resolve("gateway-agent/config/ecogate.yaml"), dir.resolve("ecogate.yaml"));
        GatewayKey.writeNew(dir.resolve("hmac.key"));
        assertThat(agent(ConfigLoader.load(cfg))).isEqualTo(plant()).isNotEmpty();
    }

    @Test
    void theLocalTemplatePollsTheShippedPlant() throws Exception {
        Path cfg = dir.resolve("local.yaml");
        ConfigTemplates.writeNew(cfg, ConfigTemplates.render("local", "gw-local"));
        ConfigTemplates.writeKeyIfAbsent(dir.resolve("hmac.key"));
        assertThat(agent(ConfigLoader.load(cfg))).isEqualTo(plant());
    }
}
