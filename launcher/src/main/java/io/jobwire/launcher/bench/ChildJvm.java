package io.jobwire.launcher.bench;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts {@code jobwire ...} in a child JVM from the same classes: a scenario's client that must
 * not share the measured server's heap, GC and threads, or a server part of the production layout.
 * A child inherits this process's scheduling policy ({@code SCHED_BATCH} under scripts/jobwire).
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code jobwire bench SUBCOMMAND ...} with this JVM's class path (the jar, or a test's classes
   * and dependencies). Its stderr goes to ours, its stdout to the caller.
   */
  static Process start(String heap, String... benchArgs) throws IOException {
    List<String> command = java(List.of("-Xmx" + heap));
    command.add("bench");
    command.addAll(List.of(benchArgs));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /**
   * {@code jobwire ARGS...} as scripts/jobwire runs it: the JVM flags of {@code JOBWIRE_JAVA_OPTS}
   * and no others. Its output goes to {@code log}: a server's log lines must not mix with the
   * figures.
   */
  static Process server(File log, String... args) throws IOException {
    String opts = System.getenv().getOrDefault("JOBWIRE_JAVA_OPTS", "").trim();
    List<String> command = java(opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+")));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
        .start();
  }

  private static List<String> java(List<String> flags) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(flags);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "io.jobwire.launcher.Main"));
    return command;
  }
}
