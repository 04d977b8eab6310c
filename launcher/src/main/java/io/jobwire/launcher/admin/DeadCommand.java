package io.jobwire.launcher.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.DeadLetter;
import io.jobwire.queue.DeadLetters;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.RedisConnections;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jobwire dead list|retry ID|purge}: the dead letters. */
@Command(
    name = "dead",
    mixinStandardHelpOptions = true,
    description = "The dead letters: jobs that ran out of attempts.",
    subcommands = {DeadCommand.ListLetters.class, DeadCommand.Retry.class, DeadCommand.Purge.class})
public final class DeadCommand {

  static DeadLetters open(RedisOption redis) {
    return DeadLetters.redis(QueueConfig.builder().redisUri(redis.uri).build());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Show dead letters, newest first: id, topic, attempts, died at, last error.")
  static final class ListLetters implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Option(
        names = "--limit",
        defaultValue = "${env:JOBWIRE_DEAD_LIMIT:-100}",
        description = "At most this many (env JOBWIRE_DEAD_LIMIT; default ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--json",
        defaultValue = "${env:JOBWIRE_DEAD_JSON:-false}",
        description = "One JSON object per line instead of a table (env JOBWIRE_DEAD_JSON=true).")
    boolean json;

    @Override
    public Integer call() {
      try (DeadLetters dead = open(redis)) {
        var letters = dead.list(limit);
        for (DeadLetter letter : letters) {
          spec.commandLine().getOut().println(json ? asJson(letter) : asRow(letter));
        }
        if (!json) {
          spec.commandLine()
              .getOut()
              .printf("%d of %d dead letters shown%n", letters.size(), dead.count());
        }
      }
      return 0;
    }

    private static String asRow(DeadLetter d) {
      return "%s  topic=%s  attempts=%d/%d  died=%s  error=%s: %s"
          .formatted(
              d.job(),
              d.topic(),
              d.attempts(),
              d.maxAttempts(),
              Instant.ofEpochMilli(d.diedAt()),
              d.error() == null ? "-" : d.error().code(),
              d.error() == null ? "" : d.error().message());
    }

    private static String asJson(DeadLetter d) {
      ObjectNode node = Codec.mapper().createObjectNode();
      node.put("job", d.job());
      node.put("topic", d.topic());
      node.set("params", d.params());
      node.put("attempts", d.attempts());
      node.put("max_attempts", d.maxAttempts());
      node.set("error", d.error() == null ? null : Codec.mapper().valueToTree(d.error()));
      node.put("created", d.createdAt());
      node.put("died", d.diedAt());
      return Codec.encode(node);
    }
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description = "Put a dead letter back on its queue with its attempts reset.")
  static final class Retry implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Parameters(paramLabel = "ID", description = "The dead job's id.")
    String id;

    @Override
    public Integer call() {
      try (DeadLetters dead = open(redis)) {
        if (!dead.retry(id)) {
          spec.commandLine()
              .getErr()
              .println("job " + id + " is not a dead letter (see: jobwire dead list)");
          return 1;
        }
      }
      spec.commandLine().getOut().println("requeued " + id);
      return 0;
    }
  }

  @Command(
      name = "purge",
      mixinStandardHelpOptions = true,
      description = {
        "Delete every dead letter and its record. Asks first on a terminal; --yes for scripts."
      })
  static final class Purge implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RedisOption redis;

    @Option(
        names = {"-y", "--yes"},
        defaultValue = "${env:JOBWIRE_DEAD_YES:-false}",
        description = "Delete without asking (env JOBWIRE_DEAD_YES=true).")
    boolean yes;

    @Override
    public Integer call() {
      try (DeadLetters dead = open(redis)) {
        if (!yes && !confirmed(dead.count())) {
          return 1;
        }
        spec.commandLine().getOut().println("purged " + dead.purge() + " dead letters");
      }
      return 0;
    }

    private boolean confirmed(long count) {
      var err = spec.commandLine().getErr();
      java.io.Console console = System.console();
      if (!interactive(console)) {
        err.println(
            "jobwire dead purge: not a terminal, so nobody to ask: pass --yes to delete "
                + count
                + " dead letters");
        return false;
      }
      String answer =
          console.readLine(
              "Delete %d dead letters in %s for good? [y/N] ",
              count, RedisConnections.redacted(redis.uri));
      if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
        err.println("jobwire dead purge: nothing deleted");
        return false;
      }
      return true;
    }

    /** Console.isTerminal() is JDK 22+; before it, a console is only there on a terminal. */
    private static boolean interactive(java.io.Console console) {
      if (console == null) {
        return false;
      }
      try {
        return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
      } catch (ReflectiveOperationException e) {
        return true;
      }
    }
  }
}
