package io.jobwire.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.ErrorInfo;

/**
 * A job that ran out of attempts (or failed with {@code retry:false}).
 *
 * @param attempts how often it ran
 * @param error the last error
 * @param diedAt when it moved to the dead letters, epoch ms
 */
public record DeadLetter(
    String job,
    String topic,
    JsonNode params,
    int attempts,
    int maxAttempts,
    ErrorInfo error,
    long createdAt,
    long diedAt) {}
