package org.ecogate.agent.detect;

import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses recorded readings, one per line: {@code time,point,value[,quality]}. Header line optional, blank
 * lines and {@code #} comments skipped. Time: ISO-8601 with offset or epoch milliseconds. Empty value =
 * missing; quality codes good, comm_fault, out_of_range, config_error (default good). Pure: takes the lines.
 */
public final class ReadingsCsv {
    /** The readings in file order and the offset of the first ISO time (null if times were epoch ms). */
    public record Parsed(List<Reading> readings, ZoneOffset offset) {}

    private ReadingsCsv() {}

    public static Parsed parse(String file, List<String> lines) throws ReplayInputException {
        List<Reading> out = new ArrayList<>();
        ZoneOffset offset = null;
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int n = i + 1;
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (first && line.toLowerCase(Locale.ROOT).startsWith("time,")) {
                first = false;
                continue;
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
            out.add(new Reading(point, ts, value, q));
        }
        return new Parsed(out, offset);
    }
}
