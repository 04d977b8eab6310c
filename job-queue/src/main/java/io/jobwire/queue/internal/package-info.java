/**
 * The Redis implementations of the queue API ({@code RedisJobQueue}, {@code RedisMonitor}, {@code
 * RedisDeadLetters}, {@code RedisTokenStore}, ...), the layout migration, and how a Redis URI is
 * read ({@code RedisEndpoint}).
 *
 * <p>Threads: blocking, on the caller's thread; thread-safe like the API they implement. Depends on
 * the API and on {@code io.jobwire.queue.redis}; reached only through the API's static factories,
 * never imported by another module.
 */
package io.jobwire.queue.internal;
