package org.ecogate.sim.plant;

import org.ecogate.sim.modbus.Fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Runtime control of a running {@link Plant}, one command per line from stdin or a loopback TCP port: {@code stop fan1},
 * {@code start fan1}, {@code silence esp1}, {@code resume esp1}, {@code abnormal cond1}, {@code normal cond1},
 * {@code fault line1 wrong-unit} (or {@code none}, {@code exception 2}, ...), {@code status}, {@code help}; each answered
 * by one line {@code ok: ...} or {@code error: ...}. Thread-safe (devices are). Trap: the port binds to loopback only.
 */
public final class PlantControl implements AutoCloseable {
    static final List<String> ACTIONS = List.of("stop", "start", "silence", "resume", "abnormal", "normal");
    static final String HELP = "commands: stop|start|silence|resume|abnormal|normal DEVICE; fault DEVICE "
            + faults() + " [CODE]; status; help";

    private final Plant plant;
    private ServerSocket server;

    public PlantControl(Plant plant) {
        this.plant = plant;
    }

    private static String faults() {
        return Arrays.stream(Fault.Kind.values()).map(PlantControl::name).collect(Collectors.joining("|"));
    }

    private static String name(Fault.Kind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Applies one command line; the answer is one line starting with {@code ok:} or {@code error:}. */
    public String apply(String line) {
        String[] w = line.trim().split("\\s+");
        if (w.length == 0 || w[0].isEmpty() || w[0].startsWith("#")) return null;
        String cmd = w[0].toLowerCase(Locale.ROOT);
        if (cmd.equals("help")) return "ok: " + HELP;
        if (cmd.equals("status")) {
            return "ok: " + plant.devices().stream().map(d -> d.id() + "=" + (d.silent() ? "silent" : d.running() ? "running" : "stopped")
                    + (d.isAbnormal() ? ",abnormal" : "") + (d.fault().kind() == Fault.Kind.NONE ? "" : ",fault " + name(d.fault().kind())))
                    .collect(Collectors.joining(" "));
        }
        boolean fault = cmd.equals("fault");
        if (!fault && !ACTIONS.contains(cmd)) return "error: unknown command '" + w[0] + "' (" + HELP + ")";
        if (w.length < 2) return "error: " + cmd + ": which device? (devices: " + devices() + ")";
        SimDevice d = plant.devices().stream().filter(x -> x.id().equals(w[1])).findFirst().orElse(null);
        if (d == null) return "error: unknown device '" + w[1] + "' (devices: " + devices() + ")";
        if (!fault) {
            if (w.length > 2) return "error: " + cmd + " takes only the device";
            try {
                d.perform(cmd, "control: ");
            } catch (IllegalArgumentException e) {
                return "error: " + e.getMessage();
            }
            return "ok: " + d.id() + " " + cmd;
        }
        if (w.length < 3) return "error: fault " + d.id() + ": which fault? (" + faults() + ")";
        Fault f;
        try {
            Fault.Kind k = Fault.Kind.valueOf(w[2].toUpperCase(Locale.ROOT).replace('-', '_'));
            if (k == Fault.Kind.EXCEPTION) {
                int code = w.length > 3 ? Integer.parseInt(w[3]) : 2;
                if (code < 1 || code > 255) return "error: fault exception: a code 1..255 (2 = illegal address, 6 = busy)";
                f = Fault.exception(code);
            } else {
                f = Fault.of(k);
            }
        } catch (IllegalArgumentException e) {
            return "error: unknown fault '" + w[2] + "' (" + faults() + "; exception takes a code, e.g. exception 2)";
        }
        d.setFault(f);
        return "ok: " + d.id() + " fault " + name(f.kind()) + (f.kind() == Fault.Kind.EXCEPTION ? " " + f.code() : "");
    }

    private String devices() {
        return plant.devices().stream().map(SimDevice::id).collect(Collectors.joining(", "));
    }

    /** Reads commands from {@code in} until it ends, answering on {@code out}; on a daemon thread. */
    public void serve(InputStream in, PrintStream out) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    String a = apply(l);
                    if (a != null) {
                        out.println(a);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // stdin closed: the plant keeps running, controlled by its port or scenario only
            }
        }, "plant-control-stdin");
        t.setDaemon(true);
        t.start();
    }

    /** Listens on 127.0.0.1:{@code port} (0 = a free port) for command lines; returns the bound port. */
    public int listen(int port) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread c = new Thread(() -> client(s), "plant-control-client");
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "plant-control");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private void client(Socket s) {
        try (s; BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
            for (String l; (l = r.readLine()) != null; ) {
                String a = apply(l);
                if (a != null) w.println(a);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
