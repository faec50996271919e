package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.model.Quality;
import org.ecogate.sim.modbus.Fault;
import org.ecogate.sim.modbus.ModbusTcpServer;
import org.ecogate.sim.modbus.RegisterBank;
import org.junit.jupiter.api.Test;

import java.io.File;

import static org.assertj.core.api.Assertions.assertThat;

/** 10,000 reconnect cycles of a flapping device (the server drops every connection) leak no thread and no fd. */
class ReconnectLeakTest {
    static long fds() {
        String[] l = new File("/proc/self/fd").list();
        return l == null ? -1 : l.length;
    }

    @Test
    void tenThousandFlapsLeakNothing() throws Exception {
        RegisterBank bank = new RegisterBank(8);
        try (ModbusTcpServer server = new ModbusTcpServer("127.0.0.1", 0, bank)) {
            server.start();
            try (ModbusSource src = ModbusSource.create(ModbusFaultsTest.device(server.port(),
                    "      - {name: v, address: 0}\n", "    offlineAfter: 1000\n"))) {
                long now = 0;
                src.poll(now);
                long fd0 = fds();
                int threads0 = Thread.activeCount();
                server.setFault(Fault.of(Fault.Kind.DROP));
                int good = 0;
                for (int i = 0; i < 10_000; i++) {
                    // odd cycles: the device answers; even: it drops the connection. Time jumps past the backoff.
                    server.setFault(i % 2 == 0 ? Fault.of(Fault.Kind.DROP) : Fault.NONE);
                    if (src.poll(now += 120_000).get(0).quality() == Quality.GOOD) good++;
                }
                server.setFault(Fault.NONE);
                src.poll(now += 120_000);
                Thread.sleep(200); // the server's connection threads end
                assertThat(good).isGreaterThanOrEqualTo(4_000);
                assertThat(fds()).as("fds before %d", fd0).isLessThanOrEqualTo(fd0 + 5);
                assertThat(Thread.activeCount()).as("threads before %d", threads0).isLessThanOrEqualTo(threads0 + 3);
            }
        }
    }
}
