package io.jobwire.queue.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.BatchReceipt;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.BatchStatus;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.redis.BatchStore;
import io.jobwire.queue.redis.EnqueueAlongside;
import io.jobwire.queue.redis.EnqueueArgs;
import io.jobwire.queue.redis.JobIds;
import io.jobwire.queue.redis.JobRecords;
import io.jobwire.queue.redis.Json;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.RedisKeys;
import io.jobwire.queue.redis.ScriptReply;
import io.jobwire.queue.redis.Scripts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/** The {@link JobQueue} on Redis; every change is one Lua script (see {@link RedisKeys}). */
public final class RedisJobQueue implements JobQueue, EnqueueAlongside {
  private final RedisGateway redis;
  private final QueueConfig config;
  private final BatchStore batches;

  public RedisJobQueue(QueueConfig config) {
    this.config = config;
    this.redis = new RedisGateway(config);
    this.batches = new BatchStore(redis);
  }

  /**
   * One script per topic and 100 jobs (a script works on one topic's keys, see {@link RedisKeys}),
   * all in one pipeline; the ids come back in the order of {@code requests}.
   */
  @Override
  public List<String> enqueue(List<JobRequest> requests) {
    return enqueue(requests, ids -> null).jobs();
  }

  /** The same, with the {@code alongside} script behind the enqueue scripts in the pipeline. */
  @Override
  public Enqueued enqueue(List<JobRequest> requests, Alongside alongside) {
    if (requests.isEmpty()) {
      return new Enqueued(List.of(), null);
    }
    Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      String topic = requests.get(i).topic();
      if (topic.isBlank()) {
        throw new IllegalArgumentException("a job needs a topic");
      }
      byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(i);
    }
    String[] ids = new String[requests.size()];
    List<RedisGateway.ScriptCall> calls = new ArrayList<>();
    List<List<Integer>> positions = new ArrayList<>();
    byTopic.forEach(
        (topic, indexes) -> {
          String tag = redis.tags().ensure(topic);
          indexes.forEach(index -> ids[index] = JobIds.next(tag));
          List<String> keys = redis.keys().topic(tag).all();
          for (int from = 0; from < indexes.size(); from += EnqueueArgs.SCRIPT_JOBS) {
            var chunk =
                indexes.subList(from, Math.min(indexes.size(), from + EnqueueArgs.SCRIPT_JOBS));
            calls.add(
                new RedisGateway.ScriptCall(
                    Scripts.ENQUEUE, keys, args(topic, chunk, ids, requests)));
            positions.add(chunk);
          }
        });
    RedisGateway.ScriptCall extra = alongside.of(List.of(ids));
    List<Object> replies =
        redis.runAllMarkingRetries(now(), calls, extra == null ? List.of() : List.of(extra));
    for (int c = 0; c < calls.size(); c++) {
      if (replies.get(c) instanceof RuntimeException e) {
        throw e;
      }
      List<String> got = ScriptReply.strings(Scripts.ENQUEUE, replies.get(c));
      for (int j = 0; j < got.size(); j++) {
        ids[positions.get(c).get(j)] = got.get(j);
      }
    }
    return new Enqueued(List.of(ids), extra == null ? null : replies.get(calls.size()));
  }

  private static List<String> args(
      String topic, List<Integer> chunk, String[] ids, List<JobRequest> requests) {
    List<String> args = new ArrayList<>(chunk.size() * EnqueueArgs.PER_JOB + 1);
    args.add(topic);
    for (int index : chunk) {
      args.addAll(EnqueueArgs.of(ids[index], requests.get(index), null));
    }
    return args;
  }

  @Override
  public Optional<JobStatus> status(String jobId) {
    Map<String, String> hash = JobRecords.read(redis, jobId, now());
    if (hash.isEmpty() || !hash.containsKey("state")) {
      return Optional.empty();
    }
    return Optional.of(
        new JobStatus(
            jobId,
            hash.get("topic"),
            Json.text(hash.get("user")),
            JobState.fromWire(hash.get("state")),
            Integer.parseInt(hash.getOrDefault("attempts", "0")),
            Json.tree(hash.get("progress")),
            Json.error(hash.get("error")),
            Long.parseLong(hash.getOrDefault("created", "0")),
            Long.parseLong(hash.getOrDefault("updated", hash.getOrDefault("created", "0")))));
  }

  @Override
  public boolean cancel(String jobId) {
    return cancel(jobId, false);
  }

  @Override
  public boolean cancel(String jobId, boolean tellSubscribers) {
    if (jobId.startsWith("b-")) {
      return batches.cancel(jobId);
    }
    return QueueControls.cancel(redis, jobId, tellSubscribers);
  }

  @Override
  public boolean pause(String topic) {
    return QueueControls.pause(redis, topic, true);
  }

  @Override
  public boolean resume(String topic) {
    return QueueControls.pause(redis, topic, false);
  }

  @Override
  public void routeRuns(
      String topic, String replyTo, JsonNode route, String streamId, long leaseMillis) {
    String key = redis.tags().keysOf(topic).runs();
    Map<String, String> fields =
        Map.of(
            "reply_to",
            replyTo,
            "route",
            Json.write(route),
            "stream",
            streamId,
            "until",
            Long.toString(now() + leaseMillis));
    redis.call(r -> r.hset(key, fields));
    redis.call(r -> r.pexpire(key, leaseMillis * 10));
  }

  @Override
  public SortedSet<String> paused() {
    return QueueControls.paused(redis);
  }

  @Override
  public Reroute reroute(String jobId, String replyTo, JsonNode route) {
    // the subscription's state lives in the namespace's slot: read apart, passed to the script
    List<String> recorded = List.of("", "");
    if (route != null && route.path("sub").isTextual()) {
      String sub = redis.keys().subscription(route.path("sub").asText());
      recorded =
          redis.call(r -> r.hmget(sub, "job", "params")).stream()
              .map(v -> v == null ? "" : v)
              .toList();
    }
    List<String> args =
        List.of(jobId, replyTo, Json.write(route), recorded.get(0), recorded.get(1));
    Object outcome = redis.run(Scripts.REROUTE, redis.tags().keysOfJob(jobId).all(), now(), args);
    return switch (String.valueOf(outcome)) {
      case "rerouted" -> Reroute.REROUTED;
      case "requeued" -> Reroute.REQUEUED;
      case "rerun" -> Reroute.RERUN;
      case "final" -> Reroute.FINAL;
      default -> Reroute.UNKNOWN;
    };
  }

  @Override
  public BatchReceipt enqueueBatch(BatchRequest batch) {
    return batches.create(batch);
  }

  @Override
  public Optional<BatchStatus> batch(String batchId) {
    return batches.status(batchId);
  }

  @Override
  public Monitor monitor() {
    return new RedisMonitor(redis, false);
  }

  @Override
  public void close() {
    redis.close();
  }

  private long now() {
    return config.clock().millis();
  }
}
