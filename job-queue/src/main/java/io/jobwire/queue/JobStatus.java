package io.jobwire.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.protocol.JobState;

/**
 * A job's state record as kept in Redis.
 *
 * @param user the user the job runs for (null when anonymous); the front end checks it
 * @param progress the last progress data reported, or null
 * @param error the last error, or null
 */
public record JobStatus(
    String job,
    String topic,
    String user,
    JobState state,
    int attempts,
    JsonNode progress,
    ErrorInfo error,
    long createdAt,
    long updatedAt) {}
