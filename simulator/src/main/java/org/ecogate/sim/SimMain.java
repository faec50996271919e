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
        System.exit(execute(args));
    }

    /**
     * Runs the command line: a bad option is one line naming it (exit 2); a failure nobody translated is one line
     * (exit 1, or 2 for invalid input), never a stack trace ({@code ECOGATE_DEBUG=1} shows it). Messages go through
     * {@link #safe} so an option's key never reaches the terminal.
     */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new SimMain());
        cl.setParameterExceptionHandler((ex, a) -> {
            String m = ex.getMessage();
            if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o && o.paramLabel().contains("KEY")) {
                m = o.longestName() + ": expected " + o.paramLabel() + " (what was given is not shown: it may hold a key)";
            }
            ex.getCommandLine().getErr().println("error: " + safe(m) + " (see: "
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            ex.getCommandLine().getErr().flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("error: " + c.getCommandSpec().qualifiedName() + ": "
                    + safe(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            if (System.getenv("ECOGATE_DEBUG") != null) ex.printStackTrace(c.getErr());
            c.getErr().flush();
            return ex instanceof IllegalArgumentException || ex instanceof java.io.IOException ? 2 : 1;
        });
        return cl.execute(args);
    }

    /** One line, with the value of any {@code NAME=VALUE} pair masked (a --key's secret is such a value). */
    static String safe(String message) {
        // a value with a lower-case letter or a digit is masked; placeholders such as GATEWAY=KEY stay readable
        return message.strip().replace('\n', ' ').replaceAll("([A-Za-z0-9_.-]*=)(?=[^\\s',)]*[a-z0-9])[^\\s',)]+", "$1***");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "plant", mixinStandardHelpOptions = true, description = "Serve the simulated plant's Modbus and CoAP devices.")
    static final class PlantCmd implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "plant config (YAML)")
        Path config;

        @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "-1",
                description = "also take commands on 127.0.0.1:PORT (0 = a free port, printed), e.g. echo 'stop fan1' | nc 127.0.0.1 PORT")
        int controlPort;

        @Option(names = "--no-stdin", description = "do not read commands from stdin (stdin commands: stop fan1, start fan1, "
                + "silence esp1, resume esp1, abnormal cond1, normal cond1, fault line1 wrong-unit, fault line1 none, status, help)")
        boolean noStdin;

        @Override
        public Integer call() throws Exception {
            if (controlPort > 65535) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--control-port " + controlPort + ": expected 0..65535");
            }
            return PlantCommand.run(config, noStdin ? null : System.in, controlPort, System.out, System.err);
        }
    }
}
