package org.ecogate.agent.runtime;

import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Parses recorded readings, one per line: {@code time,point,value[,quality]}. Header line optional, blank
 * lines and {@code #} comments skipped. Time: ISO-8601 with offset or epoch milliseconds. Empty value =
 * missing; quality codes good, comm_fault, out_of_range, config_error (default good). {@link #parse} takes lines, {@link #stream} reads a file of any size. Stateless.
 */
public final class ReadingsCsv {
    /** The readings in file order and the offset of the first ISO time (null if times were epoch ms). */
    public record Parsed(List<Reading> readings, ZoneOffset offset) {}

    private ReadingsCsv() {}

    public static Parsed parse(String file, List<String> lines) throws ReplayInputException {
        List<Reading> out = new ArrayList<>();
        Parser p = new Parser(file);
        for (int i = 0; i < lines.size(); i++) {
            Reading r = p.line(i + 1, lines.get(i));
            if (r != null) out.add(r);
        }
        return new Parsed(out, p.offset());
    }

    /**
     * Streams a readings file of any size in constant memory: each reading goes to {@code sink} in file order.
     * Returns the offset of the first ISO time (null if times were epoch ms).
     */
    public static ZoneOffset stream(String file, BufferedReader in, Consumer<Reading> sink)
            throws ReplayInputException, IOException {
        Parser p = new Parser(file);
        stream(p, in, sink);
        return p.offset();
    }

    /**
     * Streams with a parser the caller holds (to see {@link Parser#offset()} while the readings flow). A sink that
     * refuses a reading with IllegalArgumentException (e.g. time going backwards) fails with that file and line.
     */
    public static void stream(Parser p, BufferedReader in, Consumer<Reading> sink) throws ReplayInputException, IOException {
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            Reading r = p.line(++n, line);
            if (r == null) continue;
            try {
                sink.accept(r);
            } catch (IllegalArgumentException e) {
                throw new ReplayInputException(p.file, n, e.getMessage());
            }
        }
    }

    /** Line-by-line parser; remembers whether the header was seen and the first offset. */
    public static final class Parser {
        private final String file;
        private ZoneOffset offset;
        private boolean first = true;

        public Parser(String file) {
            this.file = file;
        }

        public ZoneOffset offset() {
            return offset;
        }

        /** The reading on line {@code n}, or null for a header, blank or comment line. */
        public Reading line(int n, String raw) throws ReplayInputException {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) return null;
            if (first && line.toLowerCase(Locale.ROOT).startsWith("time,")) {
                first = false;
                return null;
            }
            first = false;
            String[] f = line.split(",", -1);
            if (f.length < 3 || f.length > 4)
                throw new ReplayInputException(file, n, "expected time,point,value[,quality], found " + f.length + " columns: " + line);
            long ts;
            String t = f[0].strip();
            if (t.matches("-?\\d+")) {
                ts = Long.parseLong(t);
            } else {
                try {
                    OffsetDateTime odt = OffsetDateTime.parse(t);
                    ts = odt.toInstant().toEpochMilli();
                    if (offset == null) offset = odt.getOffset();
                } catch (DateTimeParseException e) {
                    throw new ReplayInputException(file, n, "bad time '" + t + "': write ISO-8601 with offset (2026-11-20T10:15:00+08:00) or epoch milliseconds");
                }
            }
            String point = f[1].strip();
            if (!point.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+"))
                throw new ReplayInputException(file, n, "bad point '" + point + "': expected device.point, e.g. fan1.freq");
            Double value = null;
            String v = f[2].strip();
            if (!v.isEmpty()) {
                try {
                    value = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new ReplayInputException(file, n, "bad value '" + v + "': expected a number or nothing (missing)");
                }
                if (value.isNaN() || value.isInfinite()) throw new ReplayInputException(file, n, "bad value '" + v + "': not a finite number");
            }
            Quality q = Quality.GOOD;
            if (f.length == 4 && !f[3].isBlank()) {
                try {
                    q = Quality.fromCode(f[3].strip().toLowerCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ReplayInputException(file, n, "bad quality '" + f[3].strip() + "': expected good, comm_fault, out_of_range or config_error");
                }
            }
            return new Reading(point, ts, value, q);
        }
    }
}
