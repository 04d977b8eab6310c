/**
 * The broker's loop: {@code BrokerLoop}, the body of the {@code jobwire-broker} thread, which owns
 * the ROUTER socket and every worker's state; the signals other threads hand it ({@code Signal},
 * {@code Wakeup}); and {@code BrokerEvents}, the {@code jobwire-broker-events} thread passing the
 * queue's Redis channels to it.
 *
 * <p>Depends on {@code workers}, {@code store}, {@code outcome}, {@code schedule} and {@code
 * observe}; nothing below depends on it.
 */
package io.jobwire.broker.internal.loop;
