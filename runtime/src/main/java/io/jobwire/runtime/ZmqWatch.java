package io.jobwire.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * Notices when a ZeroMQ context's I/O thread dies. JeroMQ moves every byte on its own I/O threads;
 * one killed by an uncaught error (an {@link OutOfMemoryError}, say) leaves its sockets open and
 * silent, and the thread that owns them cannot tell. Readiness asks {@link #alive()}.
 *
 * <p>Create the context with {@link #newContext(int)}: the handler must be set before the first
 * socket starts the I/O threads. {@link #alive()} is read from any thread.
 */
public final class ZmqWatch implements Thread.UncaughtExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ZmqWatch.class);

  private final String owner;
  private volatile Throwable death;

  /** {@code owner} names the sockets in the log line, e.g. {@code ingress}. */
  public ZmqWatch(String owner) {
    this.owner = owner;
  }

  /** A context whose I/O threads report to this watch when they die. */
  public ZContext newContext(int ioThreads) {
    ZContext context = new ZContext(ioThreads);
    context.setUncaughtExceptionHandler(this);
    return context;
  }

  /** False once an I/O thread of the context has died. */
  public boolean alive() {
    return death == null;
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    death = error;
    log.error(
        "{}: ZeroMQ I/O thread {} died; its sockets no longer move messages and readiness now"
            + " fails. Restart the process (run the JVM with -XX:+ExitOnOutOfMemoryError).",
        owner,
        thread.getName(),
        error);
  }
}
