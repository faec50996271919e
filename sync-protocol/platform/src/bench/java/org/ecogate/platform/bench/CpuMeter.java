package org.ecogate.platform.bench;

import org.ecogate.platform.PgProcess;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where a benchmark run's CPU goes: CPU seconds of the simulated gateways' threads, the receivers' threads, this whole
 * JVM, the PostgreSQL server (postmaster and its backends) and the broker, between two snapshots. Not thread-safe.
 * Trap: a thread or backend that ended between the snapshots is not counted: take the second one before closing.
 */
final class CpuMeter {
    private final PgProcess pg;

    CpuMeter(PgProcess pg) {
        this.pg = pg;
    }

    /** CPU nanoseconds so far per component. */
    Map<String, Long> snapshot() throws Exception {
        Map<String, Long> m = new LinkedHashMap<>();
        ThreadMXBean tb = ManagementFactory.getThreadMXBean();
        long gateways = 0, receivers = 0;
        for (ThreadInfo t : tb.getThreadInfo(tb.getAllThreadIds())) {
            if (t == null) continue;
            long ns = Math.max(0, tb.getThreadCpuTime(t.getThreadId()));
            String n = t.getThreadName();
            if (n.contains("bn-")) gateways += ns;
            else if (n.startsWith("sync-receiver") || n.contains("bench-")) receivers += ns;
        }
        m.put("simulated gateways", gateways);
        m.put("receivers", receivers);
        m.put("whole JVM", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
        long postgres = 0;
        Path pidFile = Path.of(pg.psql("SHOW data_directory"), "postmaster.pid");
        ProcessHandle pm = ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim())).orElseThrow();
        postgres += cpu(pm);
        for (ProcessHandle c : pm.children().toList()) postgres += cpu(c);
        m.put("PostgreSQL", postgres);
        m.put("mosquitto", ProcessHandle.current().descendants().filter(command("mosquitto")).mapToLong(CpuMeter::cpu).sum());
        return m;
    }

    /** One line: the CPU seconds per component between {@code before} and now, and the wall time. */
    String since(Map<String, Long> before, double wallSeconds) throws Exception {
        StringBuilder sb = new StringBuilder(String.format("CPU s in %.2f s wall:", wallSeconds));
        for (Map.Entry<String, Long> e : snapshot().entrySet()) {
            sb.append(String.format(" %s %.2f,", e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e9));
        }
        return sb.substring(0, sb.length() - 1);
    }

    private static Predicate<ProcessHandle> command(String name) {
        return p -> p.info().command().map(c -> c.endsWith(name)).orElse(false);
    }

    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
