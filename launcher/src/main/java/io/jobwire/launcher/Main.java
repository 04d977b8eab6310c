package io.jobwire.launcher;

import io.jobwire.launcher.bench.BenchCommand;
import io.jobwire.launcher.conformance.ConformanceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jobwire}: one command line for every part of the system. */
@Command(
    name = "jobwire",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Subscribe to slow work over WebSocket; workers push the results back live.",
    subcommands = {
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
      CommandLine.HelpCommand.class,
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run subcommands through it. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
