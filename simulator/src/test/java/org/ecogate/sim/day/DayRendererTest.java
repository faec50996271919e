package org.ecogate.sim.day;

import org.ecogate.sync.testkit.CliRun;
import org.ecogate.sim.SimMain;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecogate.sim.plant.PlantConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DayRendererTest {

    private static final OffsetDateTime START = OffsetDateTime.parse("2026-11-20T00:00:00+08:00");
    private static final List<String> POINTS = List.of(
            "fan1.freq", "fan1.current", "fan1.run",
            "cond1.current", "cond1.outlet_temp", "cond1.run",
            "esp1.kv", "esp1.ma", "esp1.spark_rate", "esp1.run",
            "line1.kw", "line1.kwh", "line1.run",
            "stack1.voc", "stack1.flow", "stack1.o2", "stack1.status");

    private static PlantConfig plantDay;
    /** The bundled day from 10:00 to 11:00 at 1 s: point -> second of day -> row. */
    private static Map<String, Map<Integer, String[]>> outage;
    private static String outageCsv;

    @TempDir
    Path dir;

    @BeforeAll
    static void renderTheOutageHour() {
        plantDay = DayCommand.load(DayCommand.BUNDLED);
        outageCsv = new DayRenderer(plantDay).renderToString(START, hm(10, 0), hm(11, 0), 1000);
        outage = index(outageCsv);
    }

    private static long hm(int h, int m) {
        return (h * 3600L + m * 60L) * 1000;
    }

    /** Indexes rows by point and second of the day (from the time column). */
    private static Map<String, Map<Integer, String[]>> index(String csv) {
        Map<String, Map<Integer, String[]>> byPoint = new HashMap<>();
        Map<String, Integer> seconds = new HashMap<>();
        String[] lines = csv.split("\n");
        assertThat(lines[0]).isEqualTo("time,point,value,quality");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            assertThat(f).hasSize(4);
            int second = seconds.computeIfAbsent(f[0],
                    time -> (int) java.time.Duration.between(START, OffsetDateTime.parse(time)).getSeconds());
            byPoint.computeIfAbsent(f[1], k -> new HashMap<>()).put(second, f);
        }
        return byPoint;
    }

    private static double value(String point, int h, int m, int s) {
        String[] row = outage.get(point).get(h * 3600 + m * 60 + s);
        assertThat(row).as(point + " at " + h + ":" + m + ":" + s).isNotNull();
        assertThat(row[3]).isEqualTo("good");
        return Double.parseDouble(row[2]);
    }

    @Test
    void oneRowPerPointPerStepWithIsoTimes() {
        String[] lines = outageCsv.split("\n");
        assertThat(lines).hasSize(1 + 3600 * POINTS.size());
        assertThat(new DayRenderer(plantDay).pointIds()).containsExactlyElementsOf(POINTS);
        assertThat(outage.keySet()).containsExactlyInAnyOrderElementsOf(POINTS);
        outage.values().forEach(rows -> assertThat(rows).hasSize(3600));
        assertThat(lines[1]).startsWith("2026-11-20T10:00:00+08:00,fan1.freq,");
        assertThat(lines[lines.length - 1]).startsWith("2026-11-20T10:59:59+08:00,stack1.status,");
        // rows of one step are together, in device then point order
        List<String> first = new ArrayList<>();
        for (int i = 1; i <= POINTS.size(); i++) {
            first.add(lines[i].split(",")[1]);
        }
        assertThat(first).containsExactlyElementsOf(POINTS);
    }

    @Test
    void treatmentOutageFrom1015To1042() {
        for (int s = 10 * 3600; s < 10 * 3600 + 15 * 60; s += 7) {
            assertThat(value("fan1.run", 0, 0, s)).as("fan1.run at second " + s).isEqualTo(1);
        }
        for (int s = 10 * 3600 + 16 * 60; s < 10 * 3600 + 42 * 60; s += 5) {
            assertThat(value("fan1.run", 0, 0, s)).as("fan1.run at second " + s).isEqualTo(0);
            assertThat(value("cond1.run", 0, 0, s)).as("cond1.run at second " + s).isEqualTo(0);
        }
        for (int s = 10 * 3600 + 43 * 60; s < 11 * 3600; s += 5) {
            assertThat(value("fan1.run", 0, 0, s)).as("fan1.run at second " + s).isEqualTo(1);
            assertThat(value("esp1.kv", 0, 0, s)).as("esp1.kv at second " + s).isGreaterThan(50);
        }
        // the ESP keeps running but abnormal: low voltage, heavy sparking
        for (int s = 10 * 3600 + 17 * 60; s <= 10 * 3600 + 42 * 60; s += 5) {
            assertThat(value("esp1.kv", 0, 0, s)).as("esp1.kv at second " + s).isLessThan(30).isGreaterThan(15);
            assertThat(value("esp1.spark_rate", 0, 0, s)).as("sparks at second " + s).isGreaterThan(120);
            assertThat(value("esp1.run", 0, 0, s)).isEqualTo(1);
        }
        assertThat(value("esp1.kv", 10, 10, 0)).isGreaterThan(50);
        assertThat(value("fan1.freq", 10, 30, 0)).isZero();
        assertThat(value("fan1.freq", 10, 50, 0)).isBetween(48.0, 50.0);
        assertThat(value("cond1.outlet_temp", 10, 41, 0)).isGreaterThan(25);
        // production goes on
        outage.get("line1.run").values().forEach(row -> assertThat(row[2]).isEqualTo("1"));
        assertThat(value("line1.kw", 10, 30, 0)).isBetween(300.0, 500.0);
        assertThat(value("line1.kwh", 10, 59, 59)).isGreaterThan(value("line1.kwh", 10, 0, 0));
    }

    @Test
    void flapCommLossAndVocExcursion() {
        DayRenderer renderer = new DayRenderer(plantDay);
        Map<String, Map<Integer, String[]>> flap = index(renderer.renderToString(START, hm(8, 29), hm(8, 36), 1000));
        int changes = 0;
        for (int s = 8 * 3600 + 29 * 60 + 1; s < 8 * 3600 + 36 * 60; s++) {
            if (!flap.get("fan1.run").get(s)[2].equals(flap.get("fan1.run").get(s - 1)[2])) {
                changes++;
            }
        }
        assertThat(changes).as("fan1.run changes over the 4 min flap (every 10 s)").isEqualTo(24);
        assertThat(flap.get("fan1.run").get(8 * 3600 + 35 * 60)[2]).isEqualTo("1");

        Map<String, Map<Integer, String[]>> loss = index(renderer.renderToString(START, hm(12, 29), hm(12, 36), 1000));
        String[] during = loss.get("esp1.kv").get(12 * 3600 + 32 * 60);
        assertThat(during[2]).isEmpty();
        assertThat(during[3]).isEqualTo("comm_fault");
        assertThat(loss.get("esp1.run").get(12 * 3600 + 32 * 60)[3]).isEqualTo("comm_fault");
        assertThat(loss.get("fan1.run").get(12 * 3600 + 32 * 60)[3]).isEqualTo("good");
        assertThat(loss.get("esp1.kv").get(12 * 3600 + 29 * 60)[3]).isEqualTo("good");
        assertThat(loss.get("esp1.kv").get(12 * 3600 + 35 * 60 + 1)[3]).isEqualTo("good");

        Map<String, Map<Integer, String[]>> voc = index(renderer.renderToString(START, hm(13, 0), hm(16, 0), 60_000));
        double before = Double.parseDouble(voc.get("stack1.voc").get(14 * 3600)[2]);
        double over80 = Double.parseDouble(voc.get("stack1.voc").get(14 * 3600 + 32 * 60)[2]);
        double over100 = Double.parseDouble(voc.get("stack1.voc").get(14 * 3600 + 45 * 60)[2]);
        double after = Double.parseDouble(voc.get("stack1.voc").get(15 * 3600 + 30 * 60)[2]);
        assertThat(before).isLessThan(48);
        assertThat(over80).isBetween(48.0, 60.0);
        assertThat(over100).isGreaterThan(60);
        assertThat(after).isLessThan(48);
    }

    @Test
    void deterministicAndConsistentAcrossRanges() {
        DayRenderer renderer = new DayRenderer(plantDay);
        String a = renderer.renderToString(START, hm(10, 14), hm(10, 17), 10_000);
        String b = new DayRenderer(DayCommand.load(DayCommand.BUNDLED)).renderToString(START, hm(10, 14),
                hm(10, 17), 10_000);
        assertThat(a).isEqualTo(b);
        // a 10 s step gives the same rows as every tenth second of the 1 s rendering
        Set<String> fine = new LinkedHashSet<>(List.of(outageCsv.split("\n")));
        for (String line : a.split("\n")) {
            assertThat(fine).contains(line);
        }
    }

    @Test
    void formatsValuesWithFixedDecimals() {
        assertThat(DayRenderer.format(49.0749, 2)).isEqualTo("49.07");
        assertThat(DayRenderer.format(0.05, 2)).isEqualTo("0.05");
        assertThat(DayRenderer.format(-0.004, 2)).isEqualTo("0.00");
        assertThat(DayRenderer.format(-1.5, 1)).isEqualTo("-1.5");
        assertThat(DayRenderer.format(123456.7, 1)).isEqualTo("123456.7");
        assertThat(DayRenderer.format(1.0, 0)).isEqualTo("1");
    }

    @Test
    void dayCommandWritesTheCsvFile() throws Exception {
        Path out = dir.resolve("readings.csv");
        CliRun r = CliRun.of(SimMain::execute, "day", "--scenario", "plant-day", "--step", "1m", "--start", "2026-11-20T00:00:00+08:00",
                "--from", "10:00", "--to", "11:00", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 60 * POINTS.size());
        assertThat(lines.get(0)).isEqualTo("time,point,value,quality");
        assertThat(lines.get(1)).startsWith("2026-11-20T10:00:00+08:00,fan1.freq,");
        assertThat(r.err()).contains("1020 rows");

        Path scenario = dir.resolve("bad.yaml");
        Files.writeString(scenario, "devices: [{id: f, type: fan}]\nscenario: [{at: 1, device: f, action: flap}]\n");
        CliRun bad = CliRun.of(SimMain::execute, "day", "--scenario", scenario.toString(), "--out", dir.resolve("x.csv").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: " + scenario + ": scenario[0].period: missing");
        CliRun badStep = CliRun.of(SimMain::execute, "day", "--scenario", "plant-day", "--step", "often");
        assertThat(badStep.code()).isEqualTo(2);
        assertThat(badStep.err()).contains("--step: expected a duration");
    }
}
