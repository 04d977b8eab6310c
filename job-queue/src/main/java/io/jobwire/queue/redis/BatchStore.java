package io.jobwire.queue.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.BatchReceipt;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.BatchStatus;
import io.jobwire.queue.JobRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch's bookkeeping in Redis (keys: {@link RedisKeys#batch}), apart from its children's own
 * scripts: a child's script only puts the finished child on its topic's outbox; {@link #count} then
 * counts it in the batch (idempotent), and {@link #drive} queues what became free. Each step may be
 * redone after a crash without counting or queueing anything twice. Thread-safe.
 */
public final class BatchStore {
  /** How long an open batch may not exist before it counts as abandoned. */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

  /** Outbox entries one {@link #outbox} call takes. */
  static final int OUTBOX_TAKE = 100;

  private final RedisGateway redis;
  private final RedisKeys keys;
  private final BatchOutcomes outcomes;

  public BatchStore(RedisGateway redis) {
    this.redis = redis;
    this.keys = redis.keys();
    this.outcomes = new BatchOutcomes(redis);
  }

  /** Writes the batch, then queues the children that wait for nothing. */
  public BatchReceipt create(BatchRequest batch) {
    String id = JobIds.batch();
    // each id carries its topic's tag, as every job's does
    List<String> ids =
        batch.children().stream().map(c -> JobIds.next(redis.tags().ensure(c.topic()))).toList();
    String callback =
        batch.callback() == null
            ? null
            : JobIds.next(redis.tags().ensure(batch.callback().topic()));
    List<String> args = new ArrayList<>();
    args.add(id);
    args.add(Integer.toString(ids.size()));
    args.add(batch.replyTo() == null ? "" : batch.replyTo());
    args.add(Json.write(batch.route()));
    args.add(""); // user: each child carries its own
    args.add(callback == null ? "" : callback);
    args.add(callback == null ? "" : spec(callback, batch.callback(), id));
    for (int i = 0; i < ids.size(); i++) {
      args.add(ids.get(i));
      args.add(String.join(",", batch.dependsOn().get(i).stream().map(ids::get).toList()));
      args.add(spec(ids.get(i), batch.children().get(i), id));
    }
    // first: a sweep finds it whatever happens next
    redis.call(r -> r.zadd(keys.batches(), now(), id));
    redis.run(Scripts.BATCH_CREATE, keys.batchKeys(id), now(), args);
    drive(id);
    return new BatchReceipt(id, ids, callback);
  }

  public Optional<BatchStatus> status(String id) {
    List<String> fields =
        redis.call(
            r ->
                r.hmget(
                    keys.batch(id),
                    "state",
                    "total",
                    "succeeded",
                    "failed",
                    "callback",
                    "callback_state"));
    if (fields.get(0) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new BatchStatus(
            id,
            fields.get(0),
            Integer.parseInt(fields.get(1)),
            Integer.parseInt(fields.get(2)),
            Integer.parseInt(fields.get(3)),
            Json.text(fields.get(4)),
            Json.text(fields.get(5))));
  }

  /** A finished child as its script put it on the outbox. */
  public record Finished(String batch, String job, String state, String code) {
    public static Finished parse(String entry) {
      JsonNode node = Json.tree(entry);
      return new Finished(
          node.path("b").asText(),
          node.path("j").asText(),
          node.path("s").asText(),
          node.path("e").asText(""));
    }
  }

  /**
   * One child's outcome; {@code n} is its place in the order of finishing, from 1, and {@code
   * succeeded} how many children had succeeded by then (so {@code n - succeeded} had failed).
   */
  public record Outcome(long n, String job, String state, String code, long succeeded) {}

  /**
   * What {@link #count} did: the batch's totals and the children counted by this call ({@code
   * fresh}), or for a redo the child as it was counted before.
   */
  public record Counted(
      String replyTo,
      JsonNode route,
      long succeeded,
      long failed,
      long total,
      boolean complete,
      long ready,
      boolean fresh,
      List<Outcome> outcomes) {}

  /** Counts a finished child in its batch; empty when the batch is unknown (or the callback). */
  public Optional<Counted> count(Finished child) {
    ScriptReply reply =
        ScriptReply.of(
            Scripts.BATCH_FINISH,
            redis.run(
                Scripts.BATCH_FINISH,
                keys.batchKeys(child.batch()),
                now(),
                List.of(child.batch(), child.job(), child.state(), child.code())));
    if (reply.isEmpty()) {
      return Optional.empty();
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 8; i + 4 < reply.size(); i += 5) {
      outcomes.add(
          new Outcome(
              reply.number(i),
              reply.string(i + 1),
              reply.string(i + 2),
              reply.string(i + 3),
              reply.number(i + 4)));
    }
    return Optional.of(
        new Counted(
            Json.text(reply.string(0)),
            Json.tree(reply.string(1)),
            reply.number(2),
            reply.number(3),
            reply.number(4),
            reply.number(5) == 1,
            reply.number(6),
            reply.number(7) == 1,
            outcomes));
  }

  /**
   * Cancels every job of the batch not finished yet: a queued one ends {@code cancelled} at once, a
   * running one gets {@code cancel}, one still waiting for its dependencies is counted {@code
   * cancelled} (code {@code batch_cancelled}) by a broker. The batch then completes as usual (its
   * callback runs). False for an unknown or complete batch.
   */
  public boolean cancel(String batch) {
    List<String> head = redis.call(r -> r.hmget(keys.batch(batch), "state", "ids"));
    if (head.get(0) == null || !"open".equals(head.get(0))) {
      return false;
    }
    var finished = redis.call(r -> r.hkeys(keys.batchChildren(batch)));
    var waiting = redis.call(r -> r.hgetAll(keys.batchJobs(batch)));
    String callback = redis.call(r -> r.hget(keys.batch(batch), "callback"));
    List<RedisGateway.ScriptCall> cancels = new ArrayList<>();
    for (String id : head.get(1).split(",")) {
      if (finished.contains(id)) {
        continue;
      }
      String spec = waiting.get(id);
      if (spec == null) {
        cancels.add(
            new RedisGateway.ScriptCall(
                Scripts.CANCEL,
                redis.tags().keysOfJob(id).all(),
                List.of(redis.config().retentionArgument(), id, "0")));
      } else if (!id.equals(callback)) {
        // never queued: through its topic's outbox, like a job that finished
        String topic = parseSpec(spec).get(0);
        String entry =
            Codec.encode(Map.of("b", batch, "j", id, "s", "cancelled", "e", "batch_cancelled"));
        redis.call(r -> r.rpush(redis.tags().keysOf(topic).batchOutbox(), entry));
        redis.call(r -> r.publish(keys.batchedChannel(), topic));
      }
    }
    for (Object reply : redis.runAll(now(), cancels)) {
      if (reply instanceof RuntimeException e) {
        throw e;
      }
    }
    return true;
  }

  /** Up to {@link #OUTBOX_TAKE} entries of a topic's outbox, oldest first; they stay there. */
  public List<String> outbox(String topic) {
    String tag = redis.tags().find(topic);
    if (tag == null) {
      return List.of();
    }
    return redis.call(r -> r.lrange(keys.topic(tag).batchOutbox(), 0, OUTBOX_TAKE - 1));
  }

  /** An outbox entry was counted: off the outbox. */
  public void taken(String topic, String entry) {
    redis.call(r -> r.lrem(redis.tags().keysOf(topic).batchOutbox(), 1, entry));
  }

  /** Every topic that ever had a job (the namespace's tags): where outboxes may be. */
  public List<String> topics() {
    return List.copyOf(redis.tags().all(0).keySet());
  }

  /** The batches still open. */
  public List<String> open() {
    return List.copyOf(redis.call(r -> r.zrange(keys.batches(), 0, -1)));
  }

  /**
   * An open batch that does not exist was never created (its creator died between the two steps) or
   * expired; one registered a moment ago may be being created right now.
   */
  private boolean abandoned(String batch) {
    Double since = redis.call(r -> r.zscore(keys.batches(), batch));
    return since == null || now() - since > ABANDONED_AFTER.toMillis();
  }

  /**
   * Queues the batch's jobs that are free to run (under the ids they were given, so a redo adds
   * nothing), then confirms them; closes the batch when it is complete and nothing is left.
   */
  public void drive(String batch) {
    for (int round = 0; round < 3; round++) {
      List<String> ready = List.copyOf(redis.call(r -> r.smembers(keys.batchReady(batch))));
      if (!ready.isEmpty()) {
        queue(batch, ready);
      }
      List<String> args = new ArrayList<>(ready.size() + 2);
      args.add(batch);
      args.add(Long.toString(redis.config().retention().toMillis()));
      args.addAll(ready);
      long left =
          ScriptReply.number(
              Scripts.BATCH_QUEUED,
              redis.run(Scripts.BATCH_QUEUED, keys.batchKeys(batch), now(), args));
      if (left == -1 || (left == -2 && abandoned(batch))) {
        redis.call(r -> r.zrem(keys.batches(), batch));
        return;
      }
      if (left < 0) {
        return; // being created right now
      }
      if (left == 0) {
        return;
      }
    }
  }

  private void queue(String batch, List<String> ready) {
    List<String> specs =
        redis.call(r -> r.hmget(keys.batchJobs(batch), ready.toArray(String[]::new)));
    String callback = redis.call(r -> r.hget(keys.batch(batch), "callback"));
    // one enqueue.lua call per topic (a script works on one topic's keys) and SCRIPT_JOBS jobs
    Map<String, List<List<String>>> byTopic = new LinkedHashMap<>();
    for (int i = 0; i < ready.size(); i++) {
      if (specs.get(i) == null) {
        continue; // failed by a dependency meanwhile
      }
      List<String> job = parseSpec(specs.get(i));
      if (ready.get(i).equals(callback)) {
        job.set(2, outcomes.callbackParams(batch, job.get(2), status(batch).orElseThrow()));
      }
      byTopic.computeIfAbsent(job.get(0), t -> new ArrayList<>()).add(job.subList(1, job.size()));
    }
    List<RedisGateway.ScriptCall> calls = new ArrayList<>();
    byTopic.forEach(
        (topic, jobs) -> {
          List<String> keys = redis.tags().keysOf(topic).all();
          for (int from = 0; from < jobs.size(); from += EnqueueArgs.SCRIPT_JOBS) {
            // maybe_ran: a queued id is left alone
            List<String> args = new ArrayList<>(List.of("1", topic));
            jobs.subList(from, Math.min(jobs.size(), from + EnqueueArgs.SCRIPT_JOBS))
                .forEach(args::addAll);
            calls.add(new RedisGateway.ScriptCall(Scripts.ENQUEUE, keys, args));
          }
        });
    for (Object reply : redis.runAll(now(), calls)) {
      if (reply instanceof RuntimeException e) {
        throw e;
      }
    }
  }

  /** The first {@code limit} children that did not succeed, in the order they finished. */
  public List<Outcome> failures(String batch, int limit) {
    return outcomes.failures(batch, limit);
  }

  /** A job's spec: its topic, then its enqueue.lua fields (the params third, as the callback's). */
  private static String spec(String id, JobRequest request, String batch) {
    List<String> spec = new ArrayList<>();
    spec.add(request.topic());
    spec.addAll(EnqueueArgs.of(id, request, batch));
    return Codec.encode(Codec.mapper().valueToTree(spec));
  }

  private static List<String> parseSpec(String spec) {
    try {
      return new ArrayList<>(List.of(Codec.mapper().readValue(spec, String[].class)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt batch job in Redis: " + e.getOriginalMessage());
    }
  }

  private long now() {
    return redis.config().clock().millis();
  }
}
