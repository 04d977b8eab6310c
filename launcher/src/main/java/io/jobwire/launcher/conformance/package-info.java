/**
 * {@code jobwire conformance}: the kit that checks a worker in any language against
 * docs/worker-protocol.md. {@link io.jobwire.launcher.conformance.Conformance} runs a real broker
 * and front end, puts a {@link io.jobwire.launcher.conformance.Wiretap} between them and the worker
 * process under test, and runs the checks (one class per group) through a WebSocket {@code Client}.
 *
 * <p>Threads: the main thread runs the checks one after the other; the wiretap's one thread, {@code
 * jobwire-conformance-tap}, owns its ZeroMQ sockets and forwards between them.
 */
package io.jobwire.launcher.conformance;
