package io.jobwire.broker.internal.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets any thread wake the broker loop out of its {@code ZMQ.Poller} wait: the loop polls the
 * pipe's source next to the ROUTER socket; {@link #signal()} writes one byte. No ZeroMQ socket is
 * shared between threads.
 */
public final class Wakeup implements AutoCloseable {
  private final Pipe pipe;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ByteBuffer drain = ByteBuffer.allocate(64);

  public Wakeup() {
    try {
      pipe = Pipe.open();
      pipe.source().configureBlocking(false);
      pipe.sink().configureBlocking(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Pipe.SourceChannel source() {
    return pipe.source();
  }

  /** Wakes the loop; cheap when it is already signalled. Any thread. */
  public void signal() {
    if (pending.compareAndSet(false, true)) {
      try {
        synchronized (pipe) {
          pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        }
      } catch (IOException e) {
        // closed while stopping: the loop is going away anyway
      }
    }
  }

  /** Empties the pipe; true when it held a signal. Broker thread only. */
  boolean drain() {
    pending.set(false);
    boolean signalled = false;
    try {
      while (pipe.source().read(drain.clear()) > 0) {
        signalled = true;
      }
    } catch (IOException e) {
      // closed while stopping
    }
    return signalled;
  }

  @Override
  public void close() {
    try {
      pipe.sink().close();
      pipe.source().close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
