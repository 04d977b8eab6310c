/**
 * The {@code jobwire-enqueue} thread ({@link io.jobwire.frontend.internal.enqueue.Enqueuer}), which
 * drains the {@link io.jobwire.frontend.internal.enqueue.PendingQueue} into the job queue in
 * batches, one Redis round trip each (with the new subscriptions' first state, when their history
 * is in Redis, and then their {@code subscribed}); and {@link
 * io.jobwire.frontend.internal.enqueue.QueueCalls}, the {@code jobwire-queue-N} threads for the
 * other queue calls (status, cancel, schedule routes).
 *
 * <p>IO threads only hand work over here ({@code submit}, {@code cancel}): they never wait for it.
 */
package io.jobwire.frontend.internal.enqueue;
