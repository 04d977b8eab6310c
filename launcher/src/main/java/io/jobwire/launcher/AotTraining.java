package io.jobwire.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;

/**
 * The training run of the jar's AOT cache (JDK 25+, built next to the jar by the launcher's pom and
 * used by {@code scripts/jobwire}): runs the short commands once each, so the classes they load are
 * in the cache, parsed and linked, when a real one starts. Nothing is reachable: the run and push
 * go to a port nobody listens on.
 */
public final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) throws IOException {
    String closed = "127.0.0.1:" + closedPort();
    run("--help");
    run("run", "--help");
    run("run", "ping", "--params", "{\"count\":1}", "--url", "ws://" + closed + "/ws");
    run(
        "push",
        "--to",
        "tcp://" + closed,
        "--sub",
        "s-aot",
        "--data",
        "{\"x\":1}",
        "--timeout",
        "PT0.2S");
    run("push", "--help");
  }

  private static void run(String... args) {
    var quiet = new PrintWriter(Writer.nullWriter());
    Main.commandLine(args).setOut(quiet).setErr(quiet).execute(args);
  }

  private static int closedPort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
