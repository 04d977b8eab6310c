/**
 * What every jobwire process shares: health answers ({@link io.jobwire.runtime.Health}), the watch
 * on a ZeroMQ context ({@link io.jobwire.runtime.ZmqWatch}), named threads, job and stream ids
 * ({@link io.jobwire.runtime.Ids}) and a rate-limited log ({@link
 * io.jobwire.runtime.RateLimitedLog}).
 *
 * <p>Threads: none of its own; every class is called on its caller's thread and says whether it is
 * thread-safe. Depends on {@code protocol}, JeroMQ and SLF4J only: never on the queue, the broker,
 * the front end or security.
 */
package io.jobwire.runtime;
