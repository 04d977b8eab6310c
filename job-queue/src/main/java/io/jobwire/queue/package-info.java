/**
 * The queue client API that front ends, brokers, the CLI and other JVM apps use: enqueue, status
 * and cancel ({@link io.jobwire.queue.JobQueue}), batches, schedules, dead letters, flow limits,
 * pause, one-time tokens, the monitor snapshot, and their configs and records ({@link
 * io.jobwire.queue.QueueConfig}, {@link io.jobwire.queue.JobRequest}, ...).
 *
 * <p>Threads: every call blocks on Redis on the caller's thread (never call it from an Undertow IO
 * thread); implementations are thread-safe. {@link io.jobwire.queue.RedisSubscription} runs a named
 * thread of its own. Depends on {@code protocol}; its static factories name the implementations in
 * {@code internal} and {@code redis}, nothing else here does.
 */
package io.jobwire.queue;
