/**
 * {@code jobwire bench}: one scenario class per benchmark (throughput, latency, loop, fanout,
 * fairness, connections, redis-cost, bullmq, ping-latency), the stack they run against ({@link
 * io.jobwire.launcher.bench.BenchStack} in a {@link io.jobwire.launcher.bench.Layout}: in this JVM
 * or one JVM per part), the bench worker, and the report. The WebSocket side is {@link
 * io.jobwire.client.WsClient} with a callback, so a message is handled on the thread that read it.
 *
 * <p>Threads: the main thread drives a scenario; senders are virtual threads; each client's reader
 * thread records what arrives; child JVMs (hidden commands {@code bench-worker}, {@code
 * loop-pinger}, {@code connections-client}) report on their standard output.
 */
package io.jobwire.launcher.bench;
