package io.jobwire.frontend.internal.subscription;

/** What Redis keeps of a subscription (see {@code RedisKeys#subscription}). */
public record StoredState(
    String id,
    String topic,
    String user,
    long seq,
    String job,
    boolean finished,
    DuplicateFilter duplicates) {}
