package org.ecogate.agent.cli;

import org.ecogate.sync.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, one CLI standard, checked on every command the {@code ecogate} tree has (a new command is checked
 * without being listed here): --help works; a bad option is one line naming it, exit 2; a command that reads an
 * agent config takes -c/--config; a command that prints data takes --json; unreachable targets exit 3; the
 * library messages of the list come out as one-line messages that say what to check.
 */
class CliStandardTest {
    /** Commands that print no data (they act or they are groups). */
    private static final Set<String> NO_DATA = Set.of("ecogate run", "ecogate init", "ecogate help");

    @TempDir
    Path dir;

    private static List<CommandSpec> leaves(CommandSpec spec) {
        List<CommandSpec> out = new ArrayList<>();
        if (spec.subcommands().isEmpty()) out.add(spec);
        for (CommandLine sub : new java.util.LinkedHashSet<>(spec.subcommands().values())) out.addAll(leaves(sub.getCommandSpec()));
        return out;
    }

    private static List<String> path(CommandSpec spec) {
        List<String> p = new ArrayList<>(List.of(spec.qualifiedName().split(" ")));
        p.remove(0); // "ecogate"
        return p;
    }

    @Test
    void everyCommandHasHelpOneLineErrorsConfigAndJson() {
        List<CommandSpec> all = leaves(new CommandLine(new Main()).getCommandSpec());
        assertThat(all).extracting(CommandSpec::qualifiedName).contains("ecogate values", "ecogate init", "ecogate serial list",
                "ecogate config validate", "ecogate modbus read", "ecogate buffer export");
        for (CommandSpec c : all) {
            String name = c.qualifiedName();
            if (name.equals("ecogate help")) continue;
            List<String> args = path(c);
            args.add("--help");
            CliRun help = CliRun.of(Main::execute, args.toArray(String[]::new));
            assertThat(help.code()).as(name + " --help").isZero();
            assertThat(help.out()).as(name + " --help").contains("Usage: " + name);

            args.set(args.size() - 1, "--no-such-option");
            CliRun bad = CliRun.of(Main::execute, args.toArray(String[]::new));
            assertThat(bad.code()).as(name + " with a bad option").isEqualTo(2);
            assertThat(bad.err().strip().lines()).as(name + ": one line").hasSize(1);
            assertThat(bad.err()).as(name).startsWith("error: ").contains("(see: " + name + " --help)").doesNotContain("Exception", "\tat ")
                    .containsAnyOf("--no-such-option", "Missing required"); // picocli names a missing required option first

            if (c.findOption("--config") != null) {
                assertThat(c.findOption("-c")).as(name + ": -c beside --config").isNotNull();
            }
            if (!NO_DATA.contains(name)) assertThat(c.findOption("--json")).as(name + ": --json").isNotNull();
        }
    }

    @Test
    void libraryFailuresBecomeOneLineMessagesWithFixedCodes() throws Exception {
        Map<List<String>, Integer> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("modbus", "read", "--host", "127.0.0.1", "--port", "1", "--type", "float"), 2);
        cases.put(List.of("modbus", "read", "--host", "127.0.0.1", "--port", "1", "--type", "float32", "--order", "XYZW"), 2);
        cases.put(List.of("modbus", "read", "--host", "127.0.0.1", "--port", "1", "--table", "holdingz"), 2);
        cases.put(List.of("modbus", "read", "--host", "127.0.0.1", "--port", "1", "--unit", "300"), 2);
        cases.put(List.of("modbus", "read", "--host", "127.0.0.1", "--port", "1", "-c", "12081"), 2);
        cases.put(List.of("modbus", "read", "--host", "127.0.0.1", "--port", "1", "-a", "4", "--bit", "16"), 2);
        cases.put(List.of("modbus", "read", "--port", "1"), 2);
        cases.put(List.of("coap", "get", "http://127.0.0.1/x"), 2);
        cases.put(List.of("modbus", "read", "--host", "127.0.0.1", "--port", "1", "--table", "holdings"), 3);
        cases.put(List.of("modbus", "read", "--host", "127.0.0.1", "--port", "1", "-a", "40001"), 3);
        cases.put(List.of("modbus", "scan", "--host", "127.0.0.1", "--port", "1", "--from", "1", "--to", "2", "--timeout", "200"), 3);
        cases.put(List.of("coap", "get", "coap://127.0.0.1:1/x", "--timeout", "300"), 3);
        cases.put(List.of("status", "-c", dir.resolve("missing.yaml").toString()), 2);
        Path neverRan = Files.writeString(dir.resolve("never-ran.yaml"), "gateway: gw1\nuplink: {broker: \"tcp://127.0.0.1:1\"}\n"
                + "devices: [{id: fan1, host: 127.0.0.1, port: 1, points: [{name: freq, address: 0}]}]\n");
        cases.put(List.of("status", "-c", neverRan.toString()), 3);
        cases.put(List.of("values", "-c", neverRan.toString()), 3);
        cases.put(List.of("config", "validate", dir.resolve("missing.yaml").toString()), 2);
        cases.put(List.of("points", "import", dir.resolve("missing.csv").toString()), 2);
        for (Map.Entry<List<String>, Integer> e : cases.entrySet()) {
            CliRun r = CliRun.of(Main::execute, e.getKey().toArray(String[]::new));
            String what = String.join(" ", e.getKey()) + " -> " + r.err();
            assertThat(r.code()).as(what).isEqualTo(e.getValue());
            assertThat(r.err().strip().lines().filter(l -> l.startsWith("error: "))).as(what).hasSize(1);
            assertThat(r.err()).as(what).doesNotContain("Exception", "\tat ", "contruct", "out of bounds");
        }
        assertThat(CliRun.of(Main::execute, "modbus", "read", "--host", "127.0.0.1", "--port", "1", "--type", "float").err())
                .contains("--type 'float': expected one of", "float32");
        assertThat(CliRun.of(Main::execute, "modbus", "read", "--host", "127.0.0.1", "--port", "1").err())
                .contains("127.0.0.1:1 unit 1: no answer (connection refused: check host and port");

        Path csv = Files.writeString(dir.resolve("map.csv"), "name,address,type,order\nfreq,40001,FLOAT32,cdab\n");
        CliRun imported = CliRun.of(Main::execute, "points", "import", csv.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("{name: \"freq\", address: \"40001\", type: \"float32\", order: \"CDAB\"}");
    }

    @Test
    void floatsPrintShort() {
        assertThat(Numbers.shortest((float) 424.449462890625)).isEqualTo("424.44946");
        assertThat(Numbers.shortest(1234578 * 0.1)).isEqualTo("123457.8");
        assertThat(Numbers.shortest(16966)).isEqualTo("16966");
        assertThat(Numbers.shortest(-0.5)).isEqualTo("-0.5");
    }
}
