package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * The {@code jobwire} command run in this JVM as a shell runs it ({@link
 * Main#commandLine(String[])}), with its exit code and what it printed on each stream.
 */
public record CliRun(int exit, String out, String err) {

  /** Runs {@code jobwire args}. */
  public static CliRun jobwire(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit =
        Main.commandLine(args)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** Runs {@code jobwire args}, fails the test unless it exits 0, returns {@link #output}. */
  public static String ok(String... args) {
    CliRun run = jobwire(args);
    assertEquals(0, run.exit(), run::output);
    return run.output();
  }

  /** Standard output then standard error. */
  public String output() {
    return out + err;
  }

  /** Standard output's lines. */
  public List<String> lines() {
    return out.lines().toList();
  }
}
