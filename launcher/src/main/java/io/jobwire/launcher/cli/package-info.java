/**
 * What every command shares: picocli option groups with their environment variables ({@code
 * RedisOption}, {@code FrontendOptions}, {@code TlsOptions}, ...), the topics file, the ready line
 * a server prints, duration parsing, the exit codes and messages of {@link
 * io.jobwire.launcher.cli.Failures}, and {@link io.jobwire.launcher.cli.AwaitShutdown}.
 *
 * <p>Depends on no other launcher package. Threads: the command's thread (the JVM's main thread);
 * {@code AwaitShutdown} closes the parts on the JVM's shutdown-hook thread.
 */
package io.jobwire.launcher.cli;
