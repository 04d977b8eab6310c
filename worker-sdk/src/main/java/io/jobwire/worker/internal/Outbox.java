package io.jobwire.worker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The queue from handler threads to the I/O thread, with a pipe that wakes the I/O thread at once
 * (its {@link SocketWaiter} waits on the pipe, a {@link SelectableChannel}, next to its sockets).
 *
 * <p>Any thread may {@link #add}; only the I/O thread may call the other methods. One wake-up byte
 * is written per batch: {@code wakePending} stays set until the I/O thread has drained the pipe.
 *
 * <p>A pipe is an interruptible channel: a handler that is interrupted while writing closes it. The
 * I/O thread then reads end-of-stream (which also wakes it) and opens a new pipe.
 */
final class Outbox implements AutoCloseable {
  private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64);
  private volatile Pipe pipe;

  Outbox() {
    pipe = open();
  }

  void add(Outgoing message) {
    queue.add(message);
    wake();
  }

  void wake() {
    if (wakePending.compareAndSet(false, true)) {
      try {
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
      } catch (IOException e) {
        // Closed by an interrupt (here or in another handler): the I/O thread sees end-of-stream.
      }
    }
  }

  /** The channel the I/O thread polls. */
  SelectableChannel source() {
    return pipe.source();
  }

  /**
   * Empties the pipe. Returns false when it had to be reopened, so the caller must poll the new
   * {@link #source()}.
   */
  boolean drainWakeups() {
    wakePending.set(false);
    try {
      while (true) {
        readBuffer.clear();
        int n = pipe.source().read(readBuffer);
        if (n == 0) {
          return true;
        }
        if (n < 0) {
          reopen();
          return false;
        }
      }
    } catch (IOException e) {
      reopen();
      return false;
    }
  }

  Outgoing poll() {
    return queue.poll();
  }

  private void reopen() {
    Pipe old = pipe;
    pipe = open();
    // A handler that set the flag and then wrote into the old pipe left no byte in the new one.
    wakePending.set(false);
    closeQuietly(old);
  }

  private static Pipe open() {
    try {
      Pipe pipe = Pipe.open();
      pipe.source().configureBlocking(false);
      pipe.sink().configureBlocking(false);
      return pipe;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the worker's wake-up pipe", e);
    }
  }

  private static void closeQuietly(Pipe pipe) {
    try {
      pipe.sink().close();
    } catch (IOException ignored) {
      // nothing to do
    }
    try {
      pipe.source().close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    closeQuietly(pipe);
  }
}
