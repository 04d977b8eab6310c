package io.jobwire.frontend.internal.subscription;

import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.internal.resume.RedisResumeBuffer;
import java.util.List;

/** One subscription's share of an ingress-loop turn's write to Redis, taken under its lock. */
public record PendingWrite(
    Subscription sub,
    ResumeWindow window,
    List<RedisResumeBuffer.Unwritten> items,
    StoredState state,
    String duplicates) {}
