/**
 * The broker's side of the Redis queue: one method per Lua script ({@code BrokerStore}), its
 * replies as records ({@code Claim}, {@code Recovery}, {@code DeadJob}), and which topics are quiet
 * enough to look at less often.
 *
 * <p>Threads: {@code jobwire-broker} only. Depends on the queue's store layer ({@code
 * io.jobwire.queue.redis}) and the broker's config; never on another {@code internal} package.
 */
package io.jobwire.broker.internal.store;
