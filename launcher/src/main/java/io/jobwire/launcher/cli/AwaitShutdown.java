package io.jobwire.launcher.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long-running command alive until Ctrl-C or SIGTERM, then closes its parts in the reverse
 * order they were started.
 */
public final class AwaitShutdown {
  private static final Logger log = LoggerFactory.getLogger(AwaitShutdown.class);

  private final List<AutoCloseable> parts = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Registers a part to close on shutdown and returns it. */
  public <T extends AutoCloseable> T own(T part) {
    parts.add(part);
    return part;
  }

  /** Blocks until the JVM is asked to stop and every part is closed. */
  public void await() throws InterruptedException {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping");
                  closeAll();
                  stopped.countDown();
                },
                "jobwire-shutdown"));
    stopped.await();
  }

  /** Closes everything started so far, newest first; used on failure during start-up too. */
  public void closeAll() {
    List<AutoCloseable> reversed = new ArrayList<>(parts);
    Collections.reverse(reversed);
    parts.clear();
    for (AutoCloseable part : reversed) {
      try {
        part.close();
      } catch (Exception e) {
        log.warn("error while stopping {}: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
