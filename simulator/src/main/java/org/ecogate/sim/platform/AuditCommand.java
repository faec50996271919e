package org.ecogate.sim.platform;

import org.ecogate.sync.audit.SummaryCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;

/** {@code ecogate-sim audit}: the platform's store audited as the gateway audits its buffer ({@link PlatformAudit}). */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Recompute a gateway's stored minute/hour summaries from its stored readings; exit 1 on any difference.")
public final class AuditCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, paramLabel = "FILE", description = "the platform's SQLite store")
    Path db;

    @Option(names = "--gateway", required = true, paramLabel = "ID", description = "gateway id")
    String gateway;

    @Option(names = "--zone", defaultValue = "UTC", paramLabel = "ZONE", description = "the gateway's detection timezone (default ${DEFAULT-VALUE})")
    String zone;

    @Override
    public Integer call() {
        ZoneId z;
        try {
            z = ZoneId.of(zone);
        } catch (RuntimeException e) {
            System.err.println("error: --zone: '" + zone + "' is not a time zone (e.g. +08:00, Asia/Shanghai, UTC)");
            return 2;
        }
        PlatformAudit.Result r;
        try {
            r = PlatformAudit.run(db, gateway, z);
        } catch (Exception e) {
            System.err.println("error: " + db + ": " + e.getMessage());
            return 1;
        }
        for (SummaryCheck.Difference d : r.differences()) {
            System.out.printf("%-6s %-24s %d %-8s %22s %22s%n", d.kind(), d.subject(), d.start(), d.field(), d.reported(), d.recomputed());
        }
        System.out.printf("audit: %,d summaries recomputed from %,d stored readings: %d differences%n", r.summaries(), r.readings(), r.differences().size());
        return r.differences().isEmpty() ? 0 : 1;
    }
}
