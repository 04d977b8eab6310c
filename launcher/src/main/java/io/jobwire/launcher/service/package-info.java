/**
 * The long-running commands: {@code jobwire frontend}, {@code broker}, {@code workers} and {@code
 * demo} (all in one JVM, {@link io.jobwire.launcher.service.LocalStack}, with {@link
 * io.jobwire.launcher.service.EmbeddedRedis} when no Redis is given). The bench and the conformance
 * kit start their stacks through this package.
 *
 * <p>Threads: the main thread builds the parts and then waits in {@code AwaitShutdown}; the parts
 * run on their own threads (Undertow's, the broker loop, the workers'), owned by their modules.
 */
package io.jobwire.launcher.service;
