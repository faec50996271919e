package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interop with Debian's python3-pymodbus: a pymodbus TCP server (started with /usr/bin/python3, not the python3 first
 * on PATH) holds every type in every byte/word order, encoded by pymodbus's own {@code BinaryPayloadBuilder}
 * (ABCD = byteorder Big/wordorder Big, CDAB = Big/Little, BADC = Little/Big, DCBA = Little/Little); ModbusSource
 * reads them through a YAML config and must decode the same values. Skipped when /usr/bin/python3 lacks pymodbus.
 */
class PymodbusInteropTest {
    static final String PYTHON = "/usr/bin/python3";
    static final String[] ORDERS = {"ABCD", "BADC", "CDAB", "DCBA"};
    /** type, value (as JSON), registers */
    static final Object[][] TYPES = {
            {"int16", "-12345", 1}, {"uint16", "54321", 1}, {"int32", "-123456789", 2}, {"uint32", "3456789012", 2},
            {"int64", "-123456789012345", 4}, {"uint64", "5124095576030430", 4},
            {"float32", "-1234.5625", 2}, {"float64", "3.141592653589793", 4}};
    static final String SERIAL = "SN-4711X";

    static final String SERVER = """
import asyncio, json, sys, types
# Debian's python3-pymodbus 3.0 imports pyserial even for TCP; stub it when absent (only TCP is used here)
for m in ("serial", "serial_asyncio"):
    try:
        __import__(m)
    except ImportError:
        mod = types.ModuleType(m)
        mod.create_serial_connection = None
        sys.modules[m] = mod
from pymodbus.constants import Endian
from pymodbus.payload import BinaryPayloadBuilder
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext
from pymodbus.server.async_io import ModbusTcpServer

ORDERS = {"ABCD": (Endian.Big, Endian.Big), "CDAB": (Endian.Big, Endian.Little),
          "BADC": (Endian.Little, Endian.Big), "DCBA": (Endian.Little, Endian.Little)}

def registers(p):
    byteorder, wordorder = ORDERS[p["order"]]
    t, v = p["type"], p["value"]
    if t == "string":
        # strings: pymodbus swaps the bytes of each register only when repacking
        b = BinaryPayloadBuilder(byteorder=byteorder, wordorder=wordorder, repack=byteorder == Endian.Little)
        b.add_string(v)
        return b.to_registers()
    b = BinaryPayloadBuilder(byteorder=byteorder, wordorder=wordorder)
    kind = "float" if t.startswith("float") else "uint" if t.startswith("uint") else "int"
    getattr(b, "add_%sbit_%s" % (t.lstrip("uintfloat"), kind))(v)
    return b.to_registers()

async def main():
    spec = json.load(open(sys.argv[1]))
    hr, ir = [0] * 1000, [0] * 1000
    co, di = [False] * 64, [False] * 64
    for p in spec:
        if p["type"] == "bool":
            (co if p["table"] == "coil" else di)[p["address"]] = bool(p["value"])
            continue
        regs = registers(p)
        table = ir if p["table"] == "input" else hr
        table[p["address"]:p["address"] + len(regs)] = regs
    slave = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, hr), ir=ModbusSequentialDataBlock(0, ir),
                               co=ModbusSequentialDataBlock(0, co), di=ModbusSequentialDataBlock(0, di), zero_mode=True)
    server = ModbusTcpServer(ModbusServerContext(slaves=slave, single=True), address=("127.0.0.1", 0),
                             loop=asyncio.get_running_loop())
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    print("PORT %d" % server.server.sockets[0].getsockname()[1], flush=True)
    await task

asyncio.run(main())
""";

    static boolean hasPymodbus() {
        if (!new File(PYTHON).canExecute()) return false;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import pymodbus.payload, pymodbus.datastore; print(pymodbus.__version__)")
                    .redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void everyTypeInEveryOrderDecodesAsPymodbusEncodedIt(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(hasPymodbus(), PYTHON + " has no pymodbus (apt-get install python3-pymodbus)");
        Map<String, Double> expected = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        List<String> spec = new ArrayList<>();
        StringBuilder points = new StringBuilder();
        int addr = 0;
        for (String order : ORDERS) {
            for (Object[] t : TYPES) {
                String name = t[0] + "_" + order;
                spec.add("{\"type\":\"%s\",\"order\":\"%s\",\"value\":%s,\"address\":%d,\"table\":\"holding\"}".formatted(t[0], order, t[1], addr));
                points.append("      - {name: %s, address: %d, type: %s, order: %s}\n".formatted(name, addr, t[0], order));
                expected.put("py." + name, Double.parseDouble((String) t[1]));
                addr += (int) t[2];
            }
            String name = "serial_" + order;
            spec.add("{\"type\":\"string\",\"order\":\"%s\",\"value\":\"%s\",\"address\":%d,\"table\":\"holding\"}".formatted(order, SERIAL, addr));
            points.append("      - {name: %s, address: %d, type: string, length: 4, order: %s}\n".formatted(name, addr, order));
            texts.put("py." + name, SERIAL);
            addr += 4;
            // the same float32 in the input table (fc 4), far away so it is its own request
            spec.add("{\"type\":\"float32\",\"order\":\"%s\",\"value\":-1234.5625,\"address\":%d,\"table\":\"input\"}".formatted(order, 500 + addr));
            points.append("      - {name: in_%s, table: input, address: %d, type: float32, order: %s}\n".formatted(order, 500 + addr, order));
            expected.put("py.in_" + order, -1234.5625);
        }
        boolean[] coils = {true, false, true, true, false, false, true, false, false, true};
        for (int i = 0; i < coils.length; i++) {
            for (String table : new String[]{"coil", "discrete"}) {
                boolean v = table.equals("coil") ? coils[i] : !coils[i];
                spec.add("{\"type\":\"bool\",\"order\":\"ABCD\",\"value\":%s,\"address\":%d,\"table\":\"%s\"}".formatted(v, 3 * i, table));
                points.append("      - {name: %s%d, table: %s, address: %d}\n".formatted(table, i, table, 3 * i));
                expected.put("py." + table + i, v ? 1.0 : 0.0);
            }
        }
        Path specFile = Files.writeString(dir.resolve("spec.json"), "[" + String.join(",\n", spec) + "]");
        Path script = Files.writeString(dir.resolve("pymodbus_server.py"), SERVER);
        Process py = new ProcessBuilder(PYTHON, script.toString(), specFile.toString())
                .redirectError(dir.resolve("server.log").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("pymodbus server: %s", Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "")
                    .isNotNull().startsWith("PORT ");
            int port = Integer.parseInt(line.substring(5).trim());
            String yaml = "gateway: gw\nuplink: {broker: \"tcp://127.0.0.1:1\"}\ndevices:\n"
                    + "  - id: py\n    host: 127.0.0.1\n    port: " + port + "\n    unit: 1\n    timeout: 2s\n    points:\n" + points;
            DeviceConfig d = ConfigLoader.parse("t.yaml", yaml, dir).devices().get(0);
            try (ModbusSource src = ModbusSource.create(d)) {
                List<Reading> rs = src.poll(0);
                Map<String, Double> got = new LinkedHashMap<>();
                for (Reading r : rs) {
                    assertThat(r.quality()).as("%s (server log: %s)", r.point(), Files.readString(dir.resolve("server.log"))).isEqualTo(Quality.GOOD);
                    got.put(r.point(), r.value());
                }
                assertThat(got).containsExactlyInAnyOrderEntriesOf(expected);
                assertThat(src.texts()).containsExactlyInAnyOrderEntriesOf(texts);
            }
        } finally {
            py.destroy();
            if (!py.waitFor(5, TimeUnit.SECONDS)) py.destroyForcibly();
        }
    }
}
