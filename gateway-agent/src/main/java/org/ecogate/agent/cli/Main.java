package org.ecogate.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ecogate} command line. Exit codes: 0 ok, 1 failure, 2 invalid input or config,
 * 3 device or broker unreachable. Commands are thin: they call into runtime and the packages below it.
 */
@Command(name = "ecogate", mixinStandardHelpOptions = true, version = "ecogate 0.1.0",
        description = "Gateway agent for treatment-facility monitoring.",
        subcommands = {RunCommand.class, ConfigCommand.class, StatusCommand.class, EventsCommand.class, DetectCommand.class, BufferCommand.class, AuditCommand.class,
                SyncCommand.class, Hj212Command.class, ModbusCommand.class, CoapCommand.class, PlanCommand.class, PointsCommand.class, InitCommand.class, ValuesCommand.class, SerialCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int INVALID = 2;
    public static final int UNREACHABLE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cl = args.length > 0 && args[0].equals("run") ? runOnly() : new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> FAILURE);
        // bad options: one line naming the option and where to read more, exit 2
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage().strip().replace('\n', ' ')
                    + " (see: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            ex.getCommandLine().getErr().flush();
            return INVALID;
        });
        // a failure nobody translated: one line, never a stack trace (ECOGATE_DEBUG=1 shows it)
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("error: " + c.getCommandSpec().qualifiedName() + ": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage().strip().replace('\n', ' ')));
            if (System.getenv("ECOGATE_DEBUG") != null) ex.printStackTrace(c.getErr());
            c.getErr().flush();
            return ex instanceof IllegalArgumentException ? INVALID : FAILURE;
        });
        return cl.execute(args);
    }

    /**
     * {@code ecogate run ...}: a command line that knows only {@code run}. The full one builds the model of every
     * subcommand (and runs their static initialisers), which the running agent would keep for its whole life.
     */
    private static CommandLine runOnly() {
        CommandLine cl = new CommandLine(CommandLine.Model.CommandSpec.create().name("ecogate"));
        cl.addSubcommand("run", new RunCommand());
        return cl;
    }

    /** Loads the agent config, or prints "error: file:line: field: problem" and returns null (exit with {@link #INVALID}). */
    static org.ecogate.agent.config.AgentConfig loadConfig(java.nio.file.Path file) {
        try {
            return org.ecogate.agent.config.ConfigLoader.load(file);
        } catch (org.ecogate.agent.config.ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return null;
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
