package org.ecogate.agent.acquisition.bench;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import org.ecogate.agent.acquisition.modbus.ModbusSource;
import org.ecogate.agent.acquisition.modbus.ReadPlan;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.model.Reading;
import org.ecogate.sim.modbus.ModbusTcpServer;
import org.ecogate.sim.modbus.RegisterBank;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark (run by hand, see docs/ACQUISITION.md): 100 simulated Modbus TCP devices x 100 points over loopback,
 * polled by ecogate's ModbusSource and by a raw j2mod loop reading the same registers, one thread each in turn.
 * Prints points/s and CPU seconds per million points, and requests per cycle against the planner's optimum.
 */
public final class AcqBench {
    public static void main(String[] args) throws Exception {
        int devices = 100, seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        // 100 points per device: 50 float32 at 0..99, then 50 uint16 at 110..159 (a hole of 10 > maxGap 8): 2 requests
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < 50; i++) pts.append("      - {name: f").append(i).append(", address: ").append(2 * i).append(", type: float32}\n");
        for (int i = 0; i < 50; i++) pts.append("      - {name: u").append(i).append(", address: ").append(110 + i).append("}\n");
        List<ModbusTcpServer> servers = new ArrayList<>();
        StringBuilder yaml = new StringBuilder("gateway: bench\nuplink: {broker: \"tcp://127.0.0.1:1\"}\ndevices:\n");
        for (int d = 0; d < devices; d++) {
            RegisterBank bank = new RegisterBank(200);
            for (int i = 0; i < 50; i++) bank.setFloat32(RegisterBank.Table.HOLDING, 2 * i, i * 1.5f);
            ModbusTcpServer s = new ModbusTcpServer("d" + d, "127.0.0.1", 0, bank);
            s.start();
            servers.add(s);
            yaml.append("  - id: d").append(d).append("\n    host: 127.0.0.1\n    port: ").append(s.port()).append("\n    points:\n").append(pts);
        }
        AgentConfig cfg = ConfigLoader.parse("bench.yaml", yaml.toString(), Path.of("."));
        List<ModbusSource> sources = new ArrayList<>();
        for (DeviceConfig d : cfg.devices()) sources.add(ModbusSource.create(d));
        List<ModbusTCPMaster> raw = new ArrayList<>();
        for (ModbusTcpServer s : servers) {
            ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", s.port(), 1000, false);
            m.connect();
            m.setRetries(1);
            raw.add(m);
        }
        int requests = sources.stream().mapToInt(s -> s.plan().size()).sum();
        System.out.printf("requests per cycle: ecogate %d, optimum %d (%d devices x 2: 50 float32 + 50 uint16 behind a 10-register hole)%n",
                requests, devices * 2, devices);
        Path example = Path.of(args.length > 1 ? args[1] : "gateway-agent/config/ecogate.yaml");
        if (example.toFile().exists()) {
            AgentConfig ex = ConfigLoader.load(example);
            for (DeviceConfig d : ex.devices()) {
                if (!d.isModbus()) continue;
                System.out.printf("example %s: %d requests per cycle, optimum %d%n", d.id(), ModbusSource.create(d).plan().size(),
                        ReadPlan.count(d.points().stream().map(p -> org.ecogate.agent.acquisition.modbus.ModbusPoint.of(d.id(), p)).toList(),
                                d.maxRegisters(), d.maxBits(), d.maxGap()));
            }
        }
        Cycle ecogate = () -> {
            long n = 0;
            for (ModbusSource s : sources) {
                for (Reading r : s.poll(System.currentTimeMillis())) if (r.value() != null) n++;
            }
            return n;
        };
        Cycle rawLoop = () -> {
            long n = 0;
            for (ModbusTCPMaster m : raw) {
                InputRegister[] a = m.readMultipleRegisters(1, 0, 100);
                for (int i = 0; i < 50; i++) {
                    if (!Float.isNaN(Float.intBitsToFloat((a[2 * i].toUnsignedShort() << 16) | a[2 * i + 1].toUnsignedShort()))) n++;
                }
                InputRegister[] b = m.readMultipleRegisters(1, 110, 50);
                for (InputRegister x : b) if (x.toUnsignedShort() >= 0) n++;
            }
            return n;
        };
        // warm-up, not measured: JIT-compiles both loops and the simulator's server side, which otherwise
        // counted against whichever loop ran first (ecogate, round 1)
        int warm = Math.max(1, Math.min(5, seconds / 3));
        for (Cycle c : List.of(ecogate, rawLoop, ecogate, rawLoop)) {
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < warm * 1_000_000_000L) c.run();
        }
        System.out.println("goal: ecogate polls >= 80% of the raw j2mod loop's points/s, with the optimum requests per cycle");
        double best = 0;
        for (int round = 0; round < 2; round++) {
            double[] e = run("ecogate", seconds, ecogate);
            double[] r = run("raw j2mod", seconds, rawLoop);
            System.out.printf("round %d: ecogate/raw = %.0f%% of the points/s, CPU per point %.0f%% of raw%n", round + 1,
                    100 * e[0] / r[0], 100 * e[1] / r[1]);
            best = Math.max(best, e[0] / r[0]);
        }
        System.out.printf("%s: best round %.0f%% of raw (goal >= 80%%), requests %d (optimum %d)%n",
                best >= 0.8 && requests == devices * 2 ? "PASS" : "SHORT", 100 * best, requests, devices * 2);
        for (ModbusSource s : sources) s.close();
        for (ModbusTCPMaster m : raw) m.disconnect();
        for (ModbusTcpServer s : servers) s.close();
    }

    interface Cycle {
        long run() throws Exception;
    }

    /** Runs cycles for {@code seconds}; prints and returns {points/s, CPU s per million points} (CPU of the whole process). */
    static double[] run(String name, int seconds, Cycle c) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        c.run(); // warm up
        long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime(), points = 0;
        while (System.nanoTime() - t0 < seconds * 1_000_000_000L) points += c.run();
        double s = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        double pps = points / s, cpuPerM = cpu / (points / 1e6);
        System.out.printf("%-10s %,10.0f points/s  %6.2f CPU s per million points  (%d points in %.1f s, CPU %.1f s incl. simulator)%n",
                name, pps, cpuPerM, points, s, cpu);
        return new double[] {pps, cpuPerM};
    }
}
