package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.testing.TestRedis;
import io.jobwire.security.CurveKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobwire keys generate} and the CURVE flags of the server commands. */
class KeysCommandTest {
  @TempDir Path dir;

  @Test
  void generate_writes_a_public_and_a_private_file_per_name_and_says_where_they_go() {
    var run = CurveStackTest.run("keys", "generate", "--dir", dir.toString(), "broker", "w1");

    assertEquals(0, run.exit(), run.err());
    for (String name : List.of("broker", "w1")) {
      CurveKeys pair = CurveKeys.readSecret(dir.resolve(name + ".key_secret"));
      assertEquals(pair.publicKey(), CurveKeys.read(dir.resolve(name + ".key")).publicKey());
      assertTrue(run.out().contains(dir.resolve(name + ".key_secret").toString()), run.out());
    }
    assertTrue(run.out().contains("--curve-clients"), run.out());
  }

  @Test
  void the_secret_file_is_readable_by_its_owner_only() throws Exception {
    CurveStackTest.run("keys", "generate", "--dir", dir.toString(), "broker");

    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("broker.key_secret"))));
  }

  @Test
  void generate_refuses_to_overwrite_a_key_unless_forced() throws Exception {
    CurveStackTest.run("keys", "generate", "--dir", dir.toString(), "broker");
    String first = Files.readString(dir.resolve("broker.key_secret"));

    var again = CurveStackTest.run("keys", "generate", "--dir", dir.toString(), "broker");
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("--force"), again.err());
    assertEquals(first, Files.readString(dir.resolve("broker.key_secret")));

    var forced =
        CurveStackTest.run("keys", "generate", "--dir", dir.toString(), "--force", "broker");
    assertEquals(0, forced.exit(), forced.err());
  }

  @Test
  void pyzmq_loads_the_generated_files() throws Exception {
    ForeignWorkersTest.requirePython();
    CurveStackTest.run("keys", "generate", "--dir", dir.toString(), "w1");
    CurveKeys pair = CurveKeys.readSecret(dir.resolve("w1.key_secret"));

    String script =
        "import sys, zmq.auth\n"
            + "pub, sec = zmq.auth.load_certificate(sys.argv[1])\n"
            + "pub2, none = zmq.auth.load_certificate(sys.argv[2])\n"
            + "assert pub == pub2 and none is None\n"
            + "print(pub.decode(), sec.decode())\n";
    Process python =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                script,
                dir.resolve("w1.key_secret").toString(),
                dir.resolve("w1.key").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(python.getInputStream().readAllBytes()).strip();
    assertTrue(python.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, python.exitValue(), out);
    assertEquals(pair.publicKey() + " " + pair.secretKey(), out);
  }

  @Test
  void broker_refuses_to_bind_beyond_loopback_without_keys_and_says_what_to_do() {
    try (TestRedis redis = TestRedis.start()) {
      var run = CurveStackTest.run("broker", "--bind", "tcp://0.0.0.0:0", "--redis", redis.uri());

      assertEquals(2, run.exit());
      assertTrue(run.err().contains("jobwire keys generate"), run.err());
      assertTrue(run.err().contains("--no-curve"), run.err());
    }
  }

  @Test
  void frontend_refuses_an_ingress_beyond_loopback_without_keys() {
    var run =
        CurveStackTest.run(
            "frontend", "--ingress", "tcp://*:0", "--port", "0", "--redis", "redis://127.0.0.1:1");

    assertEquals(2, run.exit());
    assertTrue(run.err().contains("jobwire keys generate"), run.err());
  }

  @Test
  void every_curve_flag_is_listed_with_its_environment_variable() {
    for (var command :
        List.of(
            List.of("broker", "--curve-secret", "--curve-clients", "--no-curve", "--frontend-key"),
            List.of("frontend", "--curve-secret", "--curve-clients", "--no-curve"),
            List.of("workers", "--curve-secret", "--broker-key", "--frontend-key"),
            List.of("push", "--curve-secret", "--frontend-key"))) {
      String help = CurveStackTest.run(command.get(0), "--help").out();
      for (String flag : command.subList(1, command.size())) {
        assertTrue(help.contains(flag), command.get(0) + " --help lacks " + flag + ":\n" + help);
      }
      assertTrue(help.contains("JOBWIRE_CURVE_SECRET"), help);
    }
    String broker = CurveStackTest.run("broker", "--help").out();
    for (String env :
        List.of(
            "JOBWIRE_CURVE_SECRET",
            "JOBWIRE_CURVE_CLIENTS",
            "JOBWIRE_NO_CURVE",
            "JOBWIRE_FRONTEND_KEY")) {
      assertTrue(broker.contains(env), broker);
    }
    assertTrue(CurveStackTest.run("workers", "--help").out().contains("JOBWIRE_BROKER_KEY"));
  }
}
