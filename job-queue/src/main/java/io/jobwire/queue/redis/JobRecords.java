package io.jobwire.queue.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one job's fields whatever its record looks like: the hash of an unfinished or dead job, or
 * the compact record a finished job keeps (see {@code finish} in {@code common.lua}).
 */
public final class JobRecords {
  private JobRecords() {}

  /** Field name to value; empty when the job is unknown (or its record expired). */
  @SuppressWarnings("unchecked")
  public static Map<String, String> read(RedisGateway redis, String jobId, long now) {
    var flat =
        (List<String>)
            redis.run(Scripts.RECORD, redis.tags().keysOfJob(jobId).all(), now, List.of(jobId));
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      fields.put(flat.get(i), flat.get(i + 1));
    }
    return fields;
  }
}
