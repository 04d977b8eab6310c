package io.jobwire.launcher.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jobwire.launcher.cli.ExampleTopics;
import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.MonitorSnapshot;
import io.jobwire.queue.QueueConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobwire topics}: the topics live workers serve, and what the example ones take. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "List the topics live workers serve (workers, capacity, busy, queued) and what the example"
          + " topics take as params; topics with jobs queued that no worker serves too.",
      "  jobwire topics --redis redis://127.0.0.1:6379"
    })
public final class TopicsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin RedisOption redis;

  @Option(
      names = "--json",
      defaultValue = "${env:JOBWIRE_TOPICS_JSON:-false}",
      description = "One JSON array instead of a table (env JOBWIRE_TOPICS_JSON=true).")
  boolean json;

  /** One topic: who serves it and how much waits for it. */
  record Topic(String topic, int workers, int capacity, int busy, long queued, String takes) {}

  @Override
  public Integer call() {
    MonitorSnapshot snapshot;
    try (Monitor monitor = Monitor.redis(QueueConfig.builder().redisUri(redis.uri).build())) {
      snapshot = monitor.snapshot();
    }
    Map<String, Topic> topics = topics(snapshot);
    var out = spec.commandLine().getOut();
    if (json) {
      ArrayNode array = Codec.mapper().createArrayNode();
      topics.values().forEach(t -> array.add(Codec.mapper().valueToTree(t)));
      out.println(Codec.encode(array));
    } else {
      out.print(table(topics));
    }
    out.flush();
    return 0;
  }

  static Map<String, Topic> topics(MonitorSnapshot snapshot) {
    Map<String, Topic> topics = new TreeMap<>();
    for (var w : snapshot.workers()) {
      for (String name : w.topics()) {
        Topic t = topics.getOrDefault(name, new Topic(name, 0, 0, 0, 0, takes(name)));
        topics.put(
            name,
            new Topic(
                name,
                t.workers() + 1,
                t.capacity() + w.capacity(),
                t.busy() + w.busy(),
                0,
                t.takes()));
      }
    }
    for (var q : snapshot.queues()) {
      Topic t = topics.get(q.topic());
      if (t != null) {
        topics.put(
            q.topic(),
            new Topic(t.topic(), t.workers(), t.capacity(), t.busy(), q.queued(), t.takes()));
      } else if (q.queued() > 0) {
        topics.put(
            q.topic(), new Topic(q.topic(), 0, 0, 0, q.queued(), "no live worker serves it"));
      }
    }
    return topics;
  }

  static String table(Map<String, Topic> topics) {
    if (topics.isEmpty()) {
      return "no live worker serves any topic, and no job is queued\n";
    }
    var out = new StringBuilder();
    out.append(
        "%-16s %7s %8s %5s %7s  %s%n"
            .formatted("TOPIC", "WORKERS", "CAPACITY", "BUSY", "QUEUED", "TAKES"));
    for (Topic t : topics.values()) {
      out.append(
          "%-16s %7d %8d %5d %7d  %s%n"
              .formatted(t.topic(), t.workers(), t.capacity(), t.busy(), t.queued(), t.takes()));
    }
    return out.toString();
  }

  private static String takes(String topic) {
    return ExampleTopics.TAKES.getOrDefault(topic, "");
  }
}
