/**
 * The jobwire WebSocket front end: {@link io.jobwire.frontend.Frontend#start} with a {@link
 * io.jobwire.frontend.FrontendConfig} and a {@link io.jobwire.queue.JobQueue}.
 *
 * <p>Clients speak {@code jobwire.v1} on {@code ws://HOST:PORT/ws}; workers push progress and
 * results into the front end's ZeroMQ PULL socket, and the front end routes each message to its
 * subscription by {@code route.sub}. Implementation classes live in {@code .internal}.
 */
package io.jobwire.frontend;
