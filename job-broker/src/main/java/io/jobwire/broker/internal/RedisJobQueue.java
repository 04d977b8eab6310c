package io.jobwire.broker.internal;

import io.jobwire.broker.BatchReceipt;
import io.jobwire.broker.BatchRequest;
import io.jobwire.broker.BatchStatus;
import io.jobwire.broker.JobQueue;
import io.jobwire.broker.JobRequest;
import io.jobwire.broker.JobStatus;
import io.jobwire.broker.QueueConfig;
import io.jobwire.protocol.JobState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link JobQueue} on Redis; every change is one Lua script (see {@link RedisKeys}). */
public final class RedisJobQueue implements JobQueue {
  /**
   * Jobs per enqueue script. A bigger batch goes as several scripts in one pipeline (still one
   * round trip): a script runs alone in Redis, so the broker's claims get their turn between the
   * pieces instead of waiting out a whole batch of thousands.
   */
  static final int SCRIPT_JOBS = 100;

  private final RedisGateway redis;
  private final QueueConfig config;
  private final BatchStore batches;

  /**
   * Topics this queue has added to the topics set: each is added once per process, not once per job
   * (an SADD per job would be one more Redis command on every job's path).
   */
  private final Set<String> topicsAdded = ConcurrentHashMap.newKeySet();

  public RedisJobQueue(QueueConfig config) {
    this.config = config;
    this.redis = new RedisGateway(config);
    this.batches = new BatchStore(redis);
  }

  @Override
  public List<String> enqueue(List<JobRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    List<RedisGateway.ScriptCall> calls = new ArrayList<>();
    for (int from = 0; from < requests.size(); from += SCRIPT_JOBS) {
      var chunk = requests.subList(from, Math.min(requests.size(), from + SCRIPT_JOBS));
      calls.add(new RedisGateway.ScriptCall(Scripts.ENQUEUE, args(chunk)));
    }
    List<String> ids = new ArrayList<>(requests.size());
    for (Object reply : redis.runAllMarkingRetries(now(), calls)) {
      if (reply instanceof RuntimeException e) {
        throw e;
      }
      ids.addAll(ids(reply));
    }
    requests.forEach(r -> topicsAdded.add(r.topic()));
    return List.copyOf(ids);
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Object reply) {
    return (List<String>) reply;
  }

  private List<String> args(List<JobRequest> requests) {
    List<String> args = new ArrayList<>(requests.size() * EnqueueArgs.PER_JOB);
    for (JobRequest request : requests) {
      args.addAll(
          EnqueueArgs.of(JobIds.next(), request, !topicsAdded.contains(request.topic()), null));
    }
    return args;
  }

  /** The 12 enqueue.lua arguments of one job (fire.lua takes them too). */
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
      String topic,
      String replyTo,
      com.fasterxml.jackson.databind.JsonNode route,
      String streamId,
      long leaseMillis) {
    String key = redis.keys().runs(topic);
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
  public java.util.SortedSet<String> paused() {
    return QueueControls.paused(redis);
  }

  @Override
  public Reroute reroute(
      String jobId, String replyTo, com.fasterxml.jackson.databind.JsonNode route) {
    Object outcome = redis.run(Scripts.REROUTE, now(), List.of(jobId, replyTo, Json.write(route)));
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
    BatchReceipt receipt = batches.create(batch);
    batch.children().forEach(r -> topicsAdded.add(r.topic()));
    return receipt;
  }

  @Override
  public Optional<BatchStatus> batch(String batchId) {
    return batches.status(batchId);
  }

  @Override
  public io.jobwire.broker.Monitor monitor() {
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
