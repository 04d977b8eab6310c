package io.jobwire.frontend.internal.ingress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.zeromq.ZMQ;

/**
 * Where {@code jobwire-ingress} sleeps between turns: until its PULL socket has a message, another
 * thread calls {@link #wake()}, or the timeout passes. A {@code recv} with a timeout could only be
 * woken by a message, so a subscription turning dirty or a posted task waited for the timeout.
 *
 * <p>A ZeroMQ socket's descriptor only says that its state may have changed, so the socket is asked
 * for {@code ZMQ_EVENTS} before sleeping. JeroMQ's signaler can leave the descriptor readable with
 * nothing to read until its writer runs again (see docs/benchmarks.md, "The JeroMQ signal spin"):
 * after such a wake-up the loop yields once instead of spinning.
 */
final class IngressWaiter implements AutoCloseable {
  private final ZMQ.Socket socket;
  private final Selector selector;
  private boolean socketFired;

  /** On the socket's owner thread. */
  IngressWaiter(ZMQ.Socket socket) {
    this.socket = socket;
    try {
      selector = Selector.open();
      socket.getFD().register(selector, SelectionKey.OP_READ);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the ingress selector", e);
    }
  }

  /**
   * Any thread: ends the current sleep, or the next one at once. Cheap when repeated: the selector
   * writes its wake-up once until it sleeps again, and not at all once closed.
   */
  void wake() {
    selector.wakeup();
  }

  /** On the owner thread: returns when there may be work, at the latest after the timeout. */
  void await(long timeoutMillis) {
    if ((socket.getEvents() & ZMQ.Poller.POLLIN) != 0) {
      return;
    }
    if (socketFired) {
      socketFired = false;
      Thread.yield();
    }
    try {
      socketFired = selector.select(timeoutMillis) > 0;
      selector.selectedKeys().clear();
    } catch (IOException e) {
      throw new UncheckedIOException("ingress: select failed", e);
    }
  }

  @Override
  public void close() {
    try {
      selector.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
