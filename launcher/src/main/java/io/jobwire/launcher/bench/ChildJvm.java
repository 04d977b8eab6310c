package io.jobwire.launcher.bench;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code jobwire bench SUBCOMMAND ...} in a child JVM from the same jar, so a scenario's
 * client does not share the measured server's heap, GC and threads. Its stderr goes to ours.
 */
final class ChildJvm {
  private ChildJvm() {}

  static Process start(String heap, String... benchArgs) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar;
    try {
      jar =
          new File(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .getPath();
    } catch (URISyntaxException e) {
      throw new IOException("cannot find the jobwire jar", e);
    }
    List<String> command =
        new ArrayList<>(List.of(java, "-Xmx" + heap, "-cp", jar, "io.jobwire.launcher.Main"));
    command.add("bench");
    command.addAll(List.of(benchArgs));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
