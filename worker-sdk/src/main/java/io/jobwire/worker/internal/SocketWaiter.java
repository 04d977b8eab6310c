package io.jobwire.worker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * Waits until a ZeroMQ socket has a message, a channel is readable or a timeout passes; the caller
 * then reads everything without waiting. It replaces {@code ZMQ.Poller}, which reports a plain
 * channel as readable whenever any other item fires (it reads the key's stale ready set), so a loop
 * polling a wake-up pipe spun for a millisecond or so after each message, allocating a {@code
 * HashMap} per turn. A socket's file descriptor only says that its state may have changed, so each
 * socket is asked for {@code ZMQ_EVENTS} before sleeping.
 */
final class SocketWaiter implements AutoCloseable {
  private final Selector selector;
  private static final Object SOCKET = new Object();

  private final List<ZMQ.Socket> sockets;
  private boolean socketSignalled;

  SocketWaiter(List<ZMQ.Socket> sockets, List<SelectableChannel> channels) {
    this.sockets = List.copyOf(sockets);
    try {
      selector = Selector.open();
      for (ZMQ.Socket socket : sockets) {
        socket.getFD().register(selector, SelectionKey.OP_READ, SOCKET);
      }
      for (SelectableChannel channel : channels) {
        channel.register(selector, SelectionKey.OP_READ);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
  }

  /** Returns at once when a socket has a message; else waits up to {@code timeoutMillis}. */
  void await(long timeoutMillis) {
    for (ZMQ.Socket socket : sockets) {
      if ((socket.getEvents() & ZMQ.Poller.POLLIN) != 0) {
        return;
      }
    }
    if (socketSignalled) {
      // A socket's descriptor was readable but it holds no message: JeroMQ's Signaler counts a
      // signal only after writing it, and its writer was preempted in between. Until it runs
      // again the descriptor stays readable; yield to it instead of spinning on it.
      socketSignalled = false;
      Thread.yield();
    }
    try {
      int ready = timeoutMillis <= 0 ? selector.selectNow() : selector.select(timeoutMillis);
      if (ready > 0) {
        for (SelectionKey key : selector.selectedKeys()) {
          socketSignalled |= key.attachment() == SOCKET;
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("select failed", e);
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
