package io.jobwire.launcher.cluster;

import io.jobwire.launcher.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CURVE keys for a whole cluster, laid out as docs/security.md says, made with {@code jobwire keys
 * generate}: {@code broker}, {@code frontend} (one pair for every front end), {@code worker},
 * {@code pusher} (allowed to push) and {@code stranger} (a valid key nobody allows).
 */
public record ClusterKeys(Path dir) {

  /** Generates the keys under {@code target/cluster-keys/TEST}, replacing older ones. */
  public static ClusterKeys generate(String test) {
    Path dir = Path.of("target", "cluster-keys", test).toAbsolutePath();
    CliRun run =
        CliRun.jobwire(
            "keys",
            "generate",
            "--force",
            "--dir",
            dir.toString(),
            "broker",
            "frontend",
            "worker",
            "pusher",
            "stranger");
    if (run.exit() != 0) {
      throw new IllegalStateException("jobwire keys generate failed: " + run.output());
    }
    var keys = new ClusterKeys(dir);
    keys.allow("broker-clients", "worker");
    keys.allow("frontend-clients", "worker", "broker", "pusher");
    return keys;
  }

  /** The public key file of {@code name}, e.g. {@code frontend.key}. */
  public Path publicKey(String name) {
    return dir.resolve(name + ".key");
  }

  /** The key pair file of {@code name}, e.g. {@code pusher.key_secret}. */
  public Path secretKey(String name) {
    return dir.resolve(name + ".key_secret");
  }

  /** Every role's CURVE flags: servers admit the clients above, clients know the servers' keys. */
  public ExtraArgs args() {
    return ExtraArgs.none()
        .frontends(
            "--curve-secret", s(secretKey("frontend")),
            "--curve-clients", s(dir.resolve("frontend-clients")))
        .brokers(
            "--curve-secret", s(secretKey("broker")),
            "--curve-clients", s(dir.resolve("broker-clients")),
            "--frontend-key", s(publicKey("frontend")))
        .workers(
            "--curve-secret", s(secretKey("worker")),
            "--broker-key", s(publicKey("broker")),
            "--frontend-key", s(publicKey("frontend")));
  }

  private void allow(String clients, String... names) {
    try {
      Path to = Files.createDirectories(dir.resolve(clients));
      for (String name : names) {
        Files.copy(
            publicKey(name),
            to.resolve(name + ".key"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String s(Path path) {
    return path.toString();
  }
}
