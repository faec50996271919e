package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.ecogate.agent.buffer.BufferReport;
import org.ecogate.agent.buffer.sqlite.BufferInspector;
import org.ecogate.agent.buffer.sqlite.EventLog;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.model.Quality;
import org.ecogate.agentstatus.AgentStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Typed, read-only views of a (possibly running) agent's files for the commands and the local web page: its
 * status, sync progress, buffer contents, stored events, an export of readings. Stateless, thread-safe; safe
 * beside the running agent. Trap: every failure is an {@link InspectionException} with a one-line message.
 */
public final class Inspection {
    /** One exported reading. */
    public interface ReadingSink {
        void reading(long seq, long ts, String point, Double value, Quality quality) throws IOException;
    }

    /** A point's newest reading in the buffer. */
    public record Latest(String point, long ts, Double value, Quality quality) {}

    private Inspection() {}

    /** The newest reading of each point among the buffer's last {@code maxRows} readings, by point name. */
    public static List<Latest> latest(Path buffer, int maxRows) throws InspectionException {
        List<Latest> out = new ArrayList<>();
        try (BufferInspector in = new BufferInspector(buffer)) {
            in.latest(maxRows, (seq, ts, point, value, q) -> out.add(new Latest(point, ts, value, q)));
        } catch (SQLException e) {
            throw new InspectionException(e.getMessage(), e);
        } catch (Exception e) {
            throw new InspectionException(String.valueOf(e.getMessage()), e);
        }
        return out;
    }

    /** Whether the agent has written a status beside {@code buffer}. */
    public static boolean hasStatus(Path buffer) {
        return Files.exists(StatusFile.pathFor(buffer));
    }

    public static AgentStatus status(Path buffer) throws InspectionException {
        try {
            return StatusFile.read(buffer);
        } catch (IOException e) {
            throw new InspectionException("cannot read the status " + StatusFile.pathFor(buffer) + ": " + e.getMessage(), e);
        }
    }

    /** The open events of a status, typed. */
    public static List<Event> openEvents(AgentStatus status) {
        List<Event> out = new ArrayList<>();
        if (status.openEvents() != null) for (JsonNode n : status.openEvents()) out.add(DetectJson.event(n.toString()));
        return out;
    }

    public static SyncView sync(Path buffer, long nowMs) throws InspectionException {
        return SyncView.of(status(buffer), nowMs);
    }

    public static BufferReport buffer(Path buffer) throws InspectionException {
        try (BufferInspector in = new BufferInspector(buffer)) {
            return in.info();
        } catch (SQLException e) {
            throw new InspectionException(e.getMessage(), e);
        }
    }

    /**
     * Streams readings with {@code fromTs <= ts < toTs} (of {@code point} when not null) to the sink in seq order;
     * {@code progress} gets the fraction of the buffer scanned now and then. Returns how many were exported.
     */
    public static long export(Path buffer, long fromTs, long toTs, String point, ReadingSink sink, DoubleConsumer progress)
            throws InspectionException, IOException {
        try (BufferInspector in = new BufferInspector(buffer)) {
            return in.export(fromTs, toTs, point, sink::reading, progress);
        } catch (SQLException e) {
            throw new InspectionException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new InspectionException(e.getMessage(), e);
        }
    }

    /** Streams the documents of a stream other than readings with {@code fromTs <= ts < toTs}, in seq order; returns how many. */
    public static long docs(Path buffer, String stream, long fromTs, long toTs, BufferInspector.DocSink sink) throws InspectionException, IOException {
        try (BufferInspector in = new BufferInspector(buffer)) {
            return in.docs(stream, fromTs, toTs, sink);
        } catch (SQLException e) {
            throw new InspectionException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new InspectionException(e.getMessage(), e);
        }
    }

    /** Latest state of every stored event that started at or after {@code sinceMs} or is still open, oldest first. */
    public static List<Event> events(Path buffer, long sinceMs) throws InspectionException {
        try {
            List<Event> out = new ArrayList<>();
            for (JsonNode n : EventLog.latest(buffer, sinceMs)) out.add(DetectJson.event(n.toString()));
            return out;
        } catch (SQLException e) {
            throw new InspectionException(e.getMessage(), e);
        }
    }
}
