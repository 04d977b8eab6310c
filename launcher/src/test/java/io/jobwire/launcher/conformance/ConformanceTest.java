package io.jobwire.launcher.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobwire.queue.testing.TestRedis;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit passes for the Java SDK worker and the Python, Node and PHP reference
 * workers, each started as a child process. Without pyzmq, {@code npm ci} or php-zmq those three
 * are skipped with the reason on a developer machine; in CI ({@code CI=true}) a missing runtime
 * fails them.
 */
class ConformanceTest {
  /**
   * The Java SDK's side of issue 13 (answering a job it cannot decode with bad_request) is built on
   * another branch; until it is merged this is the one check the Java worker may fail.
   */
  static final Set<String> PENDING_IN_JAVA_SDK = Set.of("deep_params");

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path LOGS = Path.of("target", "worker-logs").toAbsolutePath();

  static TestRedis redis;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void java_sdk_worker_passes_every_behaviour() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    assertConforms(
        "java",
        quote(java) + " -cp " + quote(classpath) + " io.jobwire.launcher.Main workers --capacity 2",
        PENDING_IN_JAVA_SDK);
  }

  @Test
  void python_worker_passes_every_behaviour() throws Exception {
    requireRuntime(
        succeeds("/usr/bin/python3", "-c", "import zmq"), "python3-zmq for /usr/bin/python3");
    assertConforms(
        "python",
        "/usr/bin/python3 "
            + quote(REPO.resolve("workers/python/jobwire_worker.py"))
            + " --capacity 2",
        Set.of());
  }

  @Test
  void node_worker_passes_every_behaviour() throws Exception {
    requireRuntime(
        Files.isDirectory(REPO.resolve("workers/node/node_modules/zeromq")),
        "npm ci in workers/node");
    assertConforms(
        "node",
        "node " + quote(REPO.resolve("workers/node/worker.js")) + " --capacity 2",
        Set.of());
  }

  @Test
  void php_worker_passes_every_behaviour() throws Exception {
    requireRuntime(
        succeeds("php", "-r", "exit(extension_loaded('zmq') ? 0 : 1);"), "php-cli and php-zmq");
    assertConforms(
        "php",
        "php " + quote(REPO.resolve("workers/php/jobwire_worker.php")) + " --capacity 2",
        Set.of());
  }

  private static void assertConforms(String name, String command, Set<String> pending)
      throws Exception {
    Files.createDirectories(LOGS);
    Report report =
        Conformance.run(
            Conformance.Options.command(command)
                .withWorkerLog(LOGS.resolve("conformance-" + name + ".log"))
                .withRedis(redis.uri()));
    System.out.println(name + " worker:\n" + report.table());
    assertEquals(Conformance.CHECKS.size(), report.outcomes().size());
    for (Outcome outcome : report.outcomes()) {
      assertTrue(
          outcome.passed() || pending.contains(outcome.name()),
          () -> name + " worker is not conformant:\n" + report.table());
    }
  }

  private static String quote(Object path) {
    return "'" + path.toString().replace("'", "'\\''") + "'";
  }

  private static void requireRuntime(boolean present, String what) {
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI must provide " + what + " (.ci/run installs it)");
    }
    assumeTrue(present, "skipped: needs " + what);
  }

  private static boolean succeeds(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().transferTo(OutputStream.nullOutputStream());
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
