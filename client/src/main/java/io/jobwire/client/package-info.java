/**
 * The one WebSocket client of jobwire's front end, used by {@code jobwire run}, the benchmarks, the
 * conformance kit and the tests: {@link io.jobwire.client.WsClient}, RFC 6455 on a blocking socket
 * ({@code ws://} and {@code wss://}).
 *
 * <p>Threads: each client has one reader thread of its own (a named platform daemon thread, or a
 * virtual thread when asked for), which answers pings and the server's close and hands every text
 * message either to a callback or to a queue the caller's thread polls. Sends may come from any
 * thread; they are serialized.
 */
package io.jobwire.client;
