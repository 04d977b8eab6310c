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
  public static Map<String, String> read(RedisGateway redis, String jobId, long now) {
    Object flat =
        redis.run(Scripts.RECORD, redis.tags().keysOfJob(jobId).all(), now, List.of(jobId));
    return new HashMap<>(ScriptReply.of(Scripts.RECORD, flat).pairs());
  }
}
