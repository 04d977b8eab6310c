package io.jobwire.workers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a process stream on its own virtual thread, keeping the first {@code limit} bytes. It
 * reads to the end even past the limit, so the process never blocks on a full pipe.
 */
final class BoundedOutput {
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final int limit;
  private final Thread reader;
  private long total;

  BoundedOutput(InputStream stream, int limit, String name) {
    this.limit = limit;
    this.reader = Thread.ofVirtual().name(name).start(() -> drain(stream));
  }

  private void drain(InputStream stream) {
    byte[] buffer = new byte[8192];
    try (stream) {
      int n;
      while ((n = stream.read(buffer)) >= 0) {
        synchronized (this) {
          int room = (int) Math.max(0, Math.min(n, limit - total));
          kept.write(buffer, 0, room);
          total += n;
        }
      }
    } catch (IOException e) {
      // the stream was closed because the process was killed: keep what was read
    }
  }

  /** Waits up to {@code millis} for the stream to end; a lingering grandchild may hold it open. */
  void await(long millis) {
    try {
      reader.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  synchronized String text() {
    return kept.toString(StandardCharsets.UTF_8);
  }

  synchronized boolean truncated() {
    return total > limit;
  }
}
