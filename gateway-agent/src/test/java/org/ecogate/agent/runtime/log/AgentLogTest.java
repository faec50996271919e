package org.ecogate.agent.runtime.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16: the agent's log backend: level changes while running, journald priorities, a size-rotated file. */
class AgentLogTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() throws Exception {
        AgentLog.output(null, false);
        AgentLog.configure(Level.INFO, null, 0, 0);
    }

    @Test
    void levelChangesWhileRunningAndJournalGetsPriorities() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AgentLog.output(new PrintStream(buf, true), true);
        Logger log = LoggerFactory.getLogger("org.ecogate.agent.runtime.Agent");
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(AgentLogProvider.class);
        AgentLog.configure(Level.WARN, null, 0, 0);
        log.info("not shown");
        log.warn("device \"{}\": no answer", "fan1");
        AgentLog.configure(Level.DEBUG, null, 0, 0);
        log.debug("shown now");
        log.error("broken", new IllegalStateException("why"));
        String out = buf.toString();
        assertThat(out).doesNotContain("not shown")
                .contains("<4>WARN Agent - device \"fan1\": no answer\n", "<7>DEBUG Agent - shown now\n", "<3>ERROR Agent - broken\n<3>java.lang.IllegalStateException: why");
        assertThat(LoggerFactory.getLogger("com.ghgande.j2mod.modbus.Foo").isErrorEnabled()).isFalse();
    }

    @Test
    void fileRotatesBySizeKeepingTheNewest() throws Exception {
        AgentLog.output(new PrintStream(new ByteArrayOutputStream()), false);
        Path f = dir.resolve("logs/ecogate.log");
        AgentLog.configure(Level.INFO, f, 64 * 1024, 2);
        Logger log = LoggerFactory.getLogger("org.ecogate.agent.X");
        String pad = "x".repeat(100);
        for (int i = 0; i < 2000; i++) log.info("line {} {}", i, pad); // ~300 KB: several rotations
        assertThat(Files.size(f)).isLessThanOrEqualTo(64 * 1024);
        assertThat(Files.size(Path.of(f + ".1"))).isBetween(60_000L, 64L * 1024);
        assertThat(Path.of(f + ".2")).exists();
        assertThat(Path.of(f + ".3")).doesNotExist();
        assertThat(Files.readString(f)).contains("INFO X - line 1999 ").matches("(?s)\\d{4}-\\d\\d-\\d\\dT.*");
    }
}
