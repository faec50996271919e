package org.ecogate.agent.runtime;

import com.fazecast.jSerialComm.SerialPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The serial ports of this box for {@code ecogate serial list}: path, description, the stable /dev/serial/by-id
 * name when udev made one (use it in the config: ttyUSB numbers change between boots), and whether this user may
 * open it. Stateless. Trap: listing does not open a port, so a port busy with the agent is listed too.
 */
public final class SerialPorts {
    public record Port(String path, String description, String byId, boolean accessible) {}

    private SerialPorts() {}

    public static List<Port> list() {
        Map<String, String> byId = new HashMap<>();
        Path dir = Path.of("/dev/serial/by-id");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> links = Files.list(dir)) {
                for (Path l : links.toList()) {
                    try {
                        byId.put(l.toRealPath().toString(), l.toString());
                    } catch (IOException ignored) {
                        // a dangling link: the device was unplugged
                    }
                }
            } catch (IOException ignored) {
                // no by-id names
            }
        }
        List<Port> out = new ArrayList<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            String path = p.getSystemPortPath();
            Path real = Path.of(path);
            out.add(new Port(path, p.getPortDescription(), byId.get(path), Files.isReadable(real) && Files.isWritable(real)));
        }
        return out;
    }
}
