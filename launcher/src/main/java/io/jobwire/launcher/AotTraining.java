package io.jobwire.launcher;

import io.jobwire.launcher.service.EmbeddedRedis;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;

/**
 * The training run of the jar's AOT cache (JDK 25+, built next to the jar by the launcher's pom and
 * used by {@code scripts/jobwire}): runs the short commands once each, so the classes they load are
 * in the cache, parsed and linked, when a real one starts. The run and push go to a port nobody
 * listens on; the Redis commands to an embedded Redis of their own, on a free port.
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
    run("help", "token", "issue");
    // the short commands on Redis: a real one, so that replies are parsed too
    try (var redis = EmbeddedRedis.start(0)) {
      String uri = redis.uri();
      run("enqueue", "--redis", uri, "--topic", "aot", "--params", "{\"x\":1}");
      run("enqueue", "--redis", uri, "--topic", "aot", "--in", "10m", "--unique", "aot");
      run("token", "issue", "aot", "--redis", uri);
      run("status", "--redis", uri);
      run("status", "--json", "--redis", uri);
      run("dead", "list", "--redis", uri);
      run("dead", "list", "--json", "--redis", uri);
      run("topics", "--redis", uri);
    } catch (IOException | RuntimeException e) {
      // no Redis binary here: the cache is made without those classes
    }
    run("status", "--redis", "redis://" + closed);
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
