package io.jobwire.launcher.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code jobwire bench SUBCOMMAND ...} in a child JVM from the same classes, so a scenario's
 * client does not share the measured server's heap, GC and threads. Its stderr goes to ours.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** Starts it with this JVM's class path: the jar, or a test's classes and dependencies. */
  static Process start(String heap, String... benchArgs) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = System.getProperty("java.class.path");
    List<String> command =
        new ArrayList<>(List.of(java, "-Xmx" + heap, "-cp", classPath, "io.jobwire.launcher.Main"));
    command.add("bench");
    command.addAll(List.of(benchArgs));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
