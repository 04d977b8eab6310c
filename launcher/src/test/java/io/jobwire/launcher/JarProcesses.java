package io.jobwire.launcher;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parts started as processes of the runnable jar ({@code -Djobwire.jar}, else {@code
 * target/jobwire.jar}), each logging to {@code target/it-logs/NAME.log}; stopped in reverse order.
 */
final class JarProcesses implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();

  /** {@code jobwire ARGS...} as a process whose output goes to the log {@code name}. */
  Process start(String name, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path jar = Path.of(System.getProperty("jobwire.jar", "target/jobwire.jar"));
    Path logs = Files.createDirectories(Path.of("target", "it-logs"));
    List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
    command.addAll(List.of(args));
    File log = logs.resolve(name + ".log").toFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    processes.add(process);
    return process;
  }

  static boolean accepts(int port) {
    try (var socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM to each, newest first; SIGKILL to one that has not exited after 15 s. */
  @Override
  public void close() throws InterruptedException {
    for (Process process : processes.reversed()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    processes.clear();
  }
}
