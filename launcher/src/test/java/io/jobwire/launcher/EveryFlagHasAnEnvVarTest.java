package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * "Every flag has an environment variable (see --help)": for every option of every command, the
 * default reads {@code ${env:JOBWIRE_…}} and the help text names that very variable.
 */
class EveryFlagHasAnEnvVarTest {
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(JOBWIRE_[A-Z0-9_]+)");

  /**
   * Left out, and why: push's flags are the message itself (one of --sub and --topic is required on
   * the command line); bench is a harness whose flags docs/benchmarks.md lists per scenario.
   */
  private static final Set<String> EXEMPT =
      Set.of(
          "jobwire push --sub",
          "jobwire push --topic",
          "jobwire push --data",
          "jobwire push --progress",
          "jobwire bench");

  @Test
  void every_option_of_every_command_reads_an_env_var_that_its_help_names() {
    List<String> missing = new ArrayList<>();
    walk(Main.commandLine().setInterpolateVariables(false), missing);
    assertEquals(List.of(), missing, "options without an environment variable in --help");
  }

  private static void walk(CommandLine cli, List<String> missing) {
    String command = cli.getCommandSpec().qualifiedName();
    if (EXEMPT.contains(command)) {
      return;
    }
    for (OptionSpec option : cli.getCommandSpec().options()) {
      if (option.usageHelp() || option.versionHelp() || option.hidden()) {
        continue;
      }
      String name = command + " " + option.longestName();
      if (EXEMPT.contains(name)) {
        continue;
      }
      String description = String.join(" ", option.description());
      Matcher env = ENV_DEFAULT.matcher(String.valueOf(option.defaultValue()));
      if (!env.find()) {
        missing.add(name + ": its default reads no ${env:JOBWIRE_...}");
      } else if (!description.contains(env.group(1))) {
        missing.add(name + ": --help does not name " + env.group(1));
      }
    }
    cli.getSubcommands().values().stream()
        .filter(sub -> sub.getParent() == cli) // aliases and help appear once
        .distinct()
        .forEach(sub -> walk(sub, missing));
  }
}
