package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.acquisition.modbus.ModbusPoint;
import org.ecogate.agent.acquisition.modbus.ReadPlan;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.config.PointConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ecogate plan --config FILE}: the Modbus requests each device gets per cycle. */
@Command(mixinStandardHelpOptions = true, name = "plan", description = "Print the read requests each Modbus device gets per cycle.")
public final class PlanCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "agent config (YAML)")
    Path config;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = Main.loadConfig(config);
        if (cfg == null) return Main.INVALID;
        ObjectMapper m = new ObjectMapper();
        ArrayNode all = m.createArrayNode();
        int total = 0;
        for (DeviceConfig d : cfg.devices()) {
            if (!d.isModbus()) continue;
            List<ModbusPoint> ps = d.points().stream().map((PointConfig p) -> ModbusPoint.of(d.id(), p)).toList();
            List<ReadPlan.Request> plan = ReadPlan.plan(ps, d.maxRegisters(), d.maxBits(), d.maxGap());
            total += plan.size();
            if (!json) System.out.printf("%s (%s, max %d registers / %d bits, gap %d): %d points in %d requests%n", d.id(), d.where(),
                    d.maxRegisters(), d.maxBits(), d.maxGap(), ps.size(), plan.size());
            for (ReadPlan.Request r : plan) {
                String names = String.join(" ", r.points().stream().map(ModbusPoint::name).toList());
                if (json) {
                    ObjectNode o = all.addObject();
                    o.put("device", d.id()).put("unit", d.unit()).put("table", r.table().name().toLowerCase())
                            .put("function", r.table().function).put("start", r.start()).put("count", r.count());
                    ArrayNode pn = o.putArray("points");
                    r.points().forEach(p -> pn.add(p.name()));
                } else {
                    System.out.printf("  fc%d %-8s %5d..%-5d %4d  %s%n", r.table().function, r.table().name().toLowerCase(), r.start(),
                            r.end() - 1, r.count(), names);
                }
            }
        }
        if (json) System.out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(all));
        else System.out.printf("total: %d requests per cycle%n", total);
        return Main.OK;
    }
}
