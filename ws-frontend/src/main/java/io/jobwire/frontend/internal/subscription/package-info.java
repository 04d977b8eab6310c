/**
 * The model of a subscription and the job stream it follows: {@link
 * io.jobwire.frontend.internal.subscription.Subscription} (numbering, de-duplication, holding back
 * until {@code subscribed}), its {@link io.jobwire.frontend.internal.subscription.Delivery} (sent
 * at once, or written through to Redis first), {@link
 * io.jobwire.frontend.internal.subscription.JobStream} (the runs a subscription, or all members of
 * a shared topic, follow) and the registry of both.
 *
 * <p>Threads: any; every object guards its own state with its own lock, held only for memory and
 * Undertow's asynchronous send. Never a Redis call, never a ZeroMQ socket: a write-through
 * subscription only reports that it has something to write ({@link
 * io.jobwire.frontend.internal.subscription.WriteThrough}).
 */
package io.jobwire.frontend.internal.subscription;
