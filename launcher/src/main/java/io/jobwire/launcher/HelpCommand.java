package io.jobwire.launcher;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code jobwire help [COMMAND [SUBCOMMAND…]]}: the help of the command named, however deep ({@code
 * jobwire help token issue}). Picocli's own help command looks at the first name only.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the help of a command: jobwire help token issue.")
final class HelpCommand implements IHelpCommandInitializable2, Runnable {

  @Parameters(paramLabel = "COMMAND", description = "The command, then its subcommands.")
  List<String> path = List.of();

  private CommandLine self;
  private PrintWriter out;
  private ColorScheme colors;

  @Override
  public void init(
      CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.out = out;
    this.colors = colorScheme;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    for (String name : path) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        throw new ParameterException(
            self,
            "no command '"
                + name
                + "' in "
                + target.getCommandSpec().qualifiedName()
                + "; its commands: "
                + String.join(", ", target.getSubcommands().keySet()));
      }
      target = next;
    }
    target.usage(out, colors);
    out.flush();
  }
}
