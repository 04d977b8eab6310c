package io.jobwire.frontend.internal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a subscription taken over from another front end brings of its stream: the stream's id, its
 * params, its current job, and whether that job's final message was delivered already.
 */
public record TakenOver(String streamId, JsonNode params, String job, boolean jobDone) {}
