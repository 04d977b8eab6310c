package io.jobwire.launcher;

import io.jobwire.launcher.admin.DeadCommand;
import io.jobwire.launcher.admin.KeysCommand;
import io.jobwire.launcher.admin.MigrateCommand;
import io.jobwire.launcher.admin.ScheduleCommand;
import io.jobwire.launcher.admin.TokenCommand;
import io.jobwire.launcher.admin.TopicCommand;
import io.jobwire.launcher.admin.TopicsCommand;
import io.jobwire.launcher.bench.BenchCommand;
import io.jobwire.launcher.cli.Failures;
import io.jobwire.launcher.conformance.ConformanceCommand;
import io.jobwire.launcher.jobs.CancelCommand;
import io.jobwire.launcher.jobs.EnqueueCommand;
import io.jobwire.launcher.jobs.PushCommand;
import io.jobwire.launcher.jobs.RunCommand;
import io.jobwire.launcher.jobs.StatusCommand;
import io.jobwire.launcher.service.BrokerCommand;
import io.jobwire.launcher.service.DemoCommand;
import io.jobwire.launcher.service.FrontendCommand;
import io.jobwire.launcher.service.WorkersCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

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
          CancelCommand.class,
          TopicCommand.class,
          ScheduleCommand.class,
          MigrateCommand.class,
          BenchCommand.class,
          StatusCommand.class,
          TopicsCommand.class,
          ConformanceCommand.class,
          HelpCommand.class);

  /** First arguments that need only the list of commands, not their options. */
  private static final List<String> LISTING = List.of("-h", "--help", "-V", "--version");

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /** The configured command line with every subcommand; tests run subcommands through it. */
  public static CommandLine commandLine() {
    return build(COMMANDS, false);
  }

  /**
   * The command line for {@code args}: when they start with a subcommand's name, with that one
   * only. Picocli builds the model of every subcommand it is given, which loads their classes and
   * those of their options (a server's config, logging): a short command like {@code run} or {@code
   * push} does not pay for the others.
   */
  public static CommandLine commandLine(String[] args) {
    String first = args.length > 0 && !args[0].equals("help") ? args[0] : "";
    List<Class<?>> wanted =
        COMMANDS.stream()
            .filter(c -> name(c).equals(first))
            .findFirst()
            .<List<Class<?>>>map(List::of)
            .orElse(COMMANDS);
    // `jobwire --help` only lists the commands: a name and a description each, not their models
    return build(wanted, args.length == 0 || LISTING.contains(args[0]));
  }

  private static CommandLine build(List<Class<?>> wanted, boolean listing) {
    var cli = new CommandLine(new Main());
    for (Class<?> command : wanted) {
      if (listing) {
        cli.addSubcommand(name(command), listed(command));
      } else {
        cli.addSubcommand(command);
      }
    }
    // after addSubcommand: picocli applies these settings to the subcommands it already holds
    var failures = new Failures();
    return cli.setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(failures)
        .setParameterExceptionHandler(failures);
  }

  /** A command as {@code jobwire --help} lists it, without its options. */
  private static CommandSpec listed(Class<?> command) {
    CommandSpec spec = CommandSpec.create().name(name(command));
    spec.usageMessage().description(command.getAnnotation(Command.class).description());
    return spec;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }
}
