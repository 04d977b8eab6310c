/**
 * The Redis store layer jobwire's services share: the one place key names are spelled ({@link
 * io.jobwire.queue.redis.RedisKeys}), the one Lua loader ({@link io.jobwire.queue.redis.LuaScript},
 * {@link io.jobwire.queue.redis.Scripts}) and its typed replies ({@link
 * io.jobwire.queue.redis.ScriptReply}), the gateway every call goes through (retry, circuit
 * breaker: {@link io.jobwire.queue.redis.RedisGateway}), and the stores the broker and the front
 * end drive (batches, schedules, job records, topic tags).
 *
 * <p>Threads: blocking, on the caller's thread; the gateway is thread-safe, each store says what it
 * is. Depends on the queue API ({@code io.jobwire.queue}) and {@code protocol} only: never on
 * {@code io.jobwire.queue.internal} nor on a service. For jobwire's own modules, not for
 * applications.
 */
package io.jobwire.queue.redis;
