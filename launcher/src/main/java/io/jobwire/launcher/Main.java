package io.jobwire.launcher;

import io.jobwire.launcher.bench.BenchCommand;
import io.jobwire.launcher.conformance.ConformanceCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jobwire}: one command line for every part of the system. */
@Command(
    name = "jobwire",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Subscribe to slow work over WebSocket; workers push the results back live.")
public final class Main {
  /** Every subcommand, in the order {@code jobwire --help} lists them. */
  static final List<Class<?>> COMMANDS =
      List.of(
          DemoCommand.class,
          FrontendCommand.class,
          BrokerCommand.class,
          WorkersCommand.class,
          RunCommand.class,
          PushCommand.class,
          EnqueueCommand.class,
          TokenCommand.class,
          KeysCommand.class,
          DeadCommand.class,
          BenchCommand.class,
          StatusCommand.class,
          ConformanceCommand.class,
          CommandLine.HelpCommand.class);

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /** The configured command line with every subcommand; tests run subcommands through it. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for {@code args}: when they start with a subcommand's name, with that one
   * only. Picocli builds the model of every subcommand it is given, which loads their classes and
   * those of their options (a server's config, logging): a short command like {@code run} or {@code
   * push} does not pay for the others.
   */
  static CommandLine commandLine(String[] args) {
    var cli = new CommandLine(new Main());
    String first = args.length > 0 && !args[0].equals("help") ? args[0] : "";
    List<Class<?>> wanted =
        COMMANDS.stream()
            .filter(c -> name(c).equals(first))
            .findFirst()
            .<List<Class<?>>>map(List::of)
            .orElse(COMMANDS);
    for (Class<?> command : wanted) {
      cli.addSubcommand(command);
    }
    // After the subcommands: picocli applies this setting to those it already has.
    return cli.setCaseInsensitiveEnumValuesAllowed(true);
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }
}
