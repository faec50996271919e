package org.ecogate.sim;

import org.ecogate.sim.demo.DemoCommand;
import org.ecogate.sim.plant.PlantCommand;
import org.ecogate.sim.platform.PlatformCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ecogate-sim}: simulated plant devices, simulated platform, and the demo. */
@Command(name = "ecogate-sim", mixinStandardHelpOptions = true, version = "ecogate-sim 0.1.0",
        description = "Simulated plant and platform for ecogate.",
        subcommands = {SimMain.PlantCmd.class, PlatformCommand.class, DemoCommand.class, CommandLine.HelpCommand.class,
                org.ecogate.sim.day.DayCommand.class, org.ecogate.sim.load.LoadCommand.class,
                org.ecogate.sim.platform.WebhookCommand.class, org.ecogate.sim.hj212.Hj212SimCommand.class,
                org.ecogate.sim.platform.AuditCommand.class})
public final class SimMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "plant", mixinStandardHelpOptions = true, description = "Serve the simulated plant's Modbus and CoAP devices.")
    static final class PlantCmd implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "plant config (YAML)")
        Path config;

        @Override
        public Integer call() throws Exception {
            return PlantCommand.run(config);
        }
    }
}
