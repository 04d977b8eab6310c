/**
 * What a subscription keeps for a client that reconnects: the newest deliveries in memory ({@link
 * io.jobwire.frontend.internal.resume.MemoryResumeBuffer}), or a memory mirror of what waits to be
 * and was written to Redis ({@link io.jobwire.frontend.internal.resume.RedisResumeBuffer}).
 *
 * <p>Threads: called only under the owning subscription's lock, from whichever thread holds it (IO
 * threads, {@code jobwire-ingress}, {@code jobwire-enqueue}). Memory only: never a Redis call.
 */
package io.jobwire.frontend.internal.resume;
