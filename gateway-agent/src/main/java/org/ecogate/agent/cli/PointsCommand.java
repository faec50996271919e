package org.ecogate.agent.cli;

import org.ecogate.agent.acquisition.modbus.PointMapCsv;
import org.ecogate.agent.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ecogate points import map.csv}: a vendor register map (CSV) as a YAML points block. */
@Command(mixinStandardHelpOptions = true, name = "points", description = "Point maps.", subcommands = {PointsCommand.Import.class})
public final class PointsCommand {
    @Command(mixinStandardHelpOptions = true, name = "import", description = "Turn a CSV register map (columns name,address,table,type,order,bit,length,scale,offset,unit,min,max, or vendor spellings such as Register, Data Type, Byte Order) into a YAML points block; notes on stderr say what was converted (a Modicon 40003 beside a Holding column is holding address 2).")
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "CSV file with a header row")
        Path file;

        @Option(names = {"-o", "--out"}, description = "write the YAML here instead of stdout")
        Path out;

        @Option(names = "--json", description = "print the points as a JSON array instead of YAML")
        boolean json;

        @Override
        public Integer call() {
            try {
                PointMapCsv.Result r = PointMapCsv.convert(file.toString(), Files.readString(file));
                for (String n : r.notes()) System.err.println("note: " + n);
                String yaml = r.yaml();
                if (json) {
                    com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper(
                            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml).path("points");
                    yaml = new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n";
                }
                if (out == null) System.out.print(yaml);
                else Files.writeString(out, yaml);
                return Main.OK;
            } catch (ConfigException e) {
                System.err.println("error: " + e.getMessage());
                return Main.INVALID;
            } catch (IOException e) {
                System.err.println("error: " + file + ": " + org.ecogate.agent.config.FileErrors.reason(e));
                return Main.INVALID;
            }
        }
    }
}
