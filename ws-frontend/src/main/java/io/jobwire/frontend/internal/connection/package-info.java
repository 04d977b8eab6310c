/**
 * One client connection and its frames: {@link
 * io.jobwire.frontend.internal.connection.ClientConnection} (identity, dialect, what it carries),
 * bounded reading ({@link io.jobwire.frontend.internal.connection.FrameListener}), bounded
 * asynchronous writing ({@link io.jobwire.frontend.internal.connection.UndertowOutbound}),
 * connection slots and the keepalive.
 *
 * <p>Threads: Undertow IO threads read and write; any thread may {@code send} (it only queues).
 * Nothing here blocks, and nothing here touches Redis or ZeroMQ. The lowest package: it knows no
 * subscription (a connection carries opaque {@code Attachment}s).
 */
package io.jobwire.frontend.internal.connection;
