package io.jobwire.frontend.internal.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ProtocolException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a subscription which worker messages it has already shown: a job re-run after a crash
 * counts its seq from 1 again, and the client must see each message at most once.
 *
 * <p>Not thread-safe: its subscription calls it under its own lock.
 */
public final class DuplicateFilter {

  /**
   * Finished jobs remembered per subscription. A recurring topic runs job after job, so the set is
   * bounded; a duplicate arrives within a lease or two of the original, long before a job this old
   * is forgotten.
   */
  static final int FINISHED_JOBS_KEPT = 256;

  /** Finished jobs written to Redis with each change ({@link #toJson()}), newest last. */
  static final int FINISHED_JOBS_STORED = 32;

  private final Map<String, Long> highestWorkerSeq = new HashMap<>();
  private final Map<String, Boolean> finishedJobs =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > FINISHED_JOBS_KEPT;
        }
      };

  /**
   * A message is a duplicate when its job already ended here, or when its worker seq is not above
   * the highest seen for its job. Messages without a job never are; a message without a seq only
   * after its job ended. Records the message as seen when it is not a duplicate.
   */
  boolean isDuplicate(IngressMessage.Routed message) {
    String jobId = message.job();
    if (jobId == null) {
      return false;
    }
    if (finishedJobs.containsKey(jobId)) {
      return true;
    }
    Long workerSeq =
        switch (message) {
          case IngressMessage.Progress p -> p.seq();
          case IngressMessage.Result r -> r.seq();
          case IngressMessage.Failed f -> null;
        };
    if (workerSeq != null) {
      Long highest = highestWorkerSeq.get(jobId);
      if (highest != null && workerSeq <= highest) {
        return true;
      }
      highestWorkerSeq.put(jobId, workerSeq);
    }
    if (message instanceof IngressMessage.Result || message instanceof IngressMessage.Failed) {
      highestWorkerSeq.remove(jobId);
      finishedJobs.put(jobId, Boolean.TRUE);
    }
    return false;
  }

  /** True once a result or failed for {@code jobId} went through. */
  public boolean hasFinished(String jobId) {
    return finishedJobs.containsKey(jobId);
  }

  /** What it remembers, as JSON: {@code {"w":{job: highest worker seq}, "f":[finished jobs]}}. */
  String toJson() {
    var node = Codec.mapper().createObjectNode();
    var highest = node.putObject("w");
    highestWorkerSeq.forEach(highest::put);
    // The newest finished jobs only: a duplicate arrives within a lease or two of the original.
    var finished = node.putArray("f");
    List<String> ids = List.copyOf(finishedJobs.keySet());
    ids.subList(Math.max(0, ids.size() - FINISHED_JOBS_STORED), ids.size()).forEach(finished::add);
    return Codec.encode(node);
  }

  /** A filter that remembers what {@link #toJson()} wrote (another front end's, on takeover). */
  public static DuplicateFilter fromJson(String json) {
    DuplicateFilter filter = new DuplicateFilter();
    if (json == null || json.isEmpty()) {
      return filter;
    }
    try {
      JsonNode node = Codec.parse(json);
      node.path("w")
          .properties()
          .forEach(e -> filter.highestWorkerSeq.put(e.getKey(), e.getValue().asLong()));
      node.path("f").forEach(job -> filter.finishedJobs.put(job.asText(), Boolean.TRUE));
    } catch (ProtocolException e) {
      throw new IllegalStateException("corrupt duplicate state in Redis: " + e.getMessage(), e);
    }
    return filter;
  }
}
