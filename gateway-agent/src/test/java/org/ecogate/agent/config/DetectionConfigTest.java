package org.ecogate.agent.config;

import org.ecogate.agent.detect.PlantSim;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 3: the detection section is strict and every error names its path. */
class DetectionConfigTest {

    // issue 3
    @Test
    void templatesExpandWithDefaultsAndOverrides() {
        DetectionConfig cfg = PlantSim.config("""
                timezone: "+08:00"
                equipment:
                  - id: fan1
                    template: fan
                    debounce: 10s
                    rules:
                      running: {point: fan1.freq, above: 20, hysteresis: 2}
                      abnormal: {any: [{point: fan1.current, above: 130}]}
                  - {id: esp1, template: esp}
                  - {id: line1, template: meter}
                  - id: pump1
                    rules: {running: {all: [{point: pump1.run, equals: 1}, {point: pump1.flow, above: 0.5}]}}
                facilities:
                  - {id: tf1, equipment: [fan1, esp1], production: [line1]}
                """);
        assertThat(cfg.timezone()).isEqualTo(ZoneOffset.ofHours(8));
        EquipmentConfig fan = cfg.equipment("fan1");
        assertThat(fan.debounce()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fan.offlineAfter()).isEqualTo(EquipmentConfig.DEFAULT_OFFLINE_AFTER);
        assertThat(fan.running()).isEqualTo(new Rule.Condition("fan1.freq", Rule.Op.ABOVE, 20, 2));
        assertThat(cfg.equipment("esp1").abnormal()).isInstanceOf(Rule.Any.class);
        assertThat(cfg.equipment("line1").role()).isEqualTo(EquipmentConfig.Role.PRODUCTION);
        assertThat(cfg.equipment("pump1").role()).isEqualTo(EquipmentConfig.Role.TREATMENT);
        assertThat(cfg.facilities().get(0).grace()).isEqualTo(FacilityConfig.DEFAULT_GRACE);
        assertThat(cfg.referencedPoints()).containsExactlyInAnyOrder("fan1.freq", "fan1.current", "esp1.kv",
                "esp1.spark_rate", "line1.kw", "pump1.run", "pump1.flow");
        assertThat(cfg.isEmpty()).isFalse();
    }

    // issue 3
    @Test
    void missingOrNullSectionIsEmpty() throws Exception {
        assertThat(DetectionConfig.parse(null).isEmpty()).isTrue();
        assertThat(DetectionConfig.parse(com.fasterxml.jackson.databind.node.MissingNode.getInstance()).isEmpty()).isTrue();
    }

    // issue 3
    @Test
    void loadReadsTheDetectionKeyOfAnAgentConfig(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, "gateway: gw1\ndevices: []\ndetection:\n  equipment:\n    - {id: fan1, template: fan}\n");
        assertThat(ConfigLoader.loadDetection(f).equipment()).extracting(EquipmentConfig::id).containsExactly("fan1");
        Files.writeString(f, "gateway: gw1\ndevices: []\n");
        assertThat(ConfigLoader.loadDetection(f).isEmpty()).isTrue();
    }

    // issue 3
    @Test
    void errorsNameThePath() {
        error("equipment: [{id: fan1, template: fan, debounse: 5s}]", "equipment[0]",
                "unknown key 'debounse' (known keys: debounce, id, offlineAfter, points, role, rules, template)");
        error("equipment: [{id: fan1, template: blower}]", "equipment[0].template",
                "unknown template 'blower' (known templates: fan, condenser, esp, meter, analyser)");
        error("equipment: [{id: fan1, template: fan, rules: {running: {point: fan1.freq, above: high}}}]",
                "equipment[0].rules.running.above", "wrong type: expected a number");
        error("equipment: [{id: fan1, template: fan, rules: {running: {point: fan1.freq, above: 1, below: 3}}}]",
                "equipment[0].rules.running.below", "a condition takes exactly one of above, below, equals");
        error("equipment: [{id: fan1}]", "equipment[0].rules.running", "missing: equipment without a template needs a running rule, e.g. {point: fan1.run, equals: 1}");
        error("equipment: [{id: fan1, template: fan, debounce: 5}]", "equipment[0].debounce", "wrong type: a duration needs a unit, e.g. 500ms, 1s, 5m");
        error("equipment: [{id: fan1, template: fan}, {id: fan1, template: fan}]", "equipment[1].id", "duplicate equipment id 'fan1'");
        error("equipment: [{id: fan1, template: fan}]\nfacilities: [{id: tf1, equipment: [fan1, fan9]}]",
                "facilities[0].equipment[1]", "unknown equipment 'fan9' (define it under equipment first)");
        error("warnings: [{point: stack1.voc, limit: 60, levels: {warn: 1.0, alarm: 0.8}}]", "warnings[0].levels", "warn must be below alarm");
        error("warnings: [{point: stack1.voc}]", "warnings[0].limit", "missing");
        error("timezone: Mars/Olympus", "timezone", "'Mars/Olympus' is not a zone; write an offset such as \"+08:00\" or a zone id such as Asia/Shanghai");
        error("equipment: {id: fan1}", "equipment", "wrong type: expected a list");
    }

    private static void error(String yaml, String path, String problem) {
        assertThatThrownBy(() -> DetectionConfig.parse(new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml)))
                .isInstanceOfSatisfying(DetectionConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.problem()).isEqualTo(problem);
                });
    }
}
