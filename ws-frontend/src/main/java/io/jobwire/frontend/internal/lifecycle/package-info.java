/**
 * Starting, resuming and ending subscriptions and their streams: {@link
 * io.jobwire.frontend.internal.lifecycle.Subscriptions} (the entry point: {@code subscribe}, {@code
 * unsubscribe}, connection close, takeover, a run's end), the streams it puts them on, {@link
 * io.jobwire.frontend.internal.lifecycle.Runs} (queueing a stream's runs), admission and rate
 * limits.
 *
 * <p>Threads: {@code subscribe} and {@code unsubscribe} on Undertow IO threads (they hand the
 * enqueue over and never block), a run's end on {@code jobwire-ingress}, enqueue answers on {@code
 * jobwire-enqueue}, expiries and next runs on {@code jobwire-timer}. No Redis call here: what the
 * other front ends must hear goes through {@link io.jobwire.frontend.internal.lifecycle.Peers},
 * which the {@code cluster} package implements.
 */
package io.jobwire.frontend.internal.lifecycle;
