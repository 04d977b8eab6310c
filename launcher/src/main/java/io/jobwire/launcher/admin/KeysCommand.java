package io.jobwire.launcher.admin;

import io.jobwire.security.CurveKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.zeromq.ZMQ;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobwire keys generate NAME...}: CURVE key pairs for the ZeroMQ sockets. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "ZeroMQ CURVE keys (docs/security.md).",
    subcommands = {KeysCommand.Generate.class})
public final class KeysCommand {

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Write a CURVE key pair per NAME: DIR/NAME.key (public, to hand out) and"
            + " DIR/NAME.key_secret (secret, mode 0600, stays on its machine).",
        "The files are ZeroMQ certificates (czmq zcert, pyzmq zmq.auth.load_certificate).",
        "  jobwire keys generate --dir keys broker frontend worker-1"
      })
  static final class Generate implements Callable<Integer> {
    @Option(
        names = "--dir",
        defaultValue = "${env:JOBWIRE_KEYS_DIR:-keys}",
        paramLabel = "DIR",
        description = "Where to write the files (env JOBWIRE_KEYS_DIR; default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
        names = "--force",
        defaultValue = "${env:JOBWIRE_KEYS_FORCE:-false}",
        description = "Replace existing key files (env JOBWIRE_KEYS_FORCE=true).")
    boolean force;

    @Parameters(
        arity = "1..*",
        paramLabel = "NAME",
        description = "One name per process or kind of process, e.g. broker frontend worker.")
    List<String> names;

    @Override
    public Integer call() {
      List<CurveKeys> pairs = new ArrayList<>();
      for (String name : names) {
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        pairs.add(new CurveKeys(pair.publicKey, pair.secretKey));
      }
      try {
        for (int i = 0; i < names.size(); i++) {
          for (Path file : pairs.get(i).write(dir, names.get(i), force)) {
            System.out.println("wrote " + file);
          }
        }
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 1;
      }
      System.out.println(nextSteps(dir));
      return 0;
    }

    static String nextSteps(Path dir) {
      return String.join(
          "\n",
          "",
          "Each NAME.key_secret stays on the machine of that process; hand out only NAME.key.",
          "  servers  (broker, frontend): --curve-secret " + dir.resolve("NAME.key_secret"),
          "           --curve-clients DIR, a directory holding the .key of every client allowed in",
          "  workers: --curve-secret THEIR.key_secret --broker-key "
              + dir.resolve("broker.key")
              + " --frontend-key "
              + dir.resolve("frontend.key"),
          "  push:    --curve-secret THEIR.key_secret --frontend-key "
              + dir.resolve("frontend.key"),
          "  broker:  --frontend-key "
              + dir.resolve("frontend.key")
              + " too; put broker.key in the front ends' --curve-clients",
          "See docs/security.md.");
    }
  }
}
