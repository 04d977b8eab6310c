/**
 * What the broker tells front ends about jobs that end without a worker's result and about batches:
 * {@code FailedNotifier} (PUSH sockets to {@code reply_to} endpoints) and {@code BatchDriver}, the
 * {@code jobwire-broker-batches} thread.
 *
 * <p>Threads: each {@code FailedNotifier} has one owner thread ({@code jobwire-broker} or {@code
 * jobwire-broker-batches}), which owns its sockets. Depends on {@code store} and the queue's store
 * layer; never on {@code workers}, {@code loop} or {@code observe}.
 */
package io.jobwire.broker.internal.outcome;
