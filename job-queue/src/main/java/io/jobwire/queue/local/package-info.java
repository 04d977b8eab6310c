/**
 * Local Redis servers for the demo, the bench and the tests: {@link
 * io.jobwire.queue.local.LocalRedis} starts one {@code redis-server} (or a Sentinel) as a child
 * process with its data directory and log file, waits until it answers PING and stops it; {@link
 * io.jobwire.queue.local.LocalRedisCluster} starts N masters and joins them with {@code redis-cli
 * --cluster create}. Servers bind 127.0.0.1 only, on a free port unless one is named (so never 6379
 * by chance). The binary is the caller's choice ({@link io.jobwire.queue.local.LocalRedis#onPath}
 * finds one on the PATH); this package ships none.
 *
 * <p>Threads: the caller's; starting blocks until the server answers.
 */
package io.jobwire.queue.local;
