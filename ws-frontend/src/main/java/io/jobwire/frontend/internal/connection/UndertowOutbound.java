package io.jobwire.frontend.internal.connection;

import io.jobwire.frontend.Limits;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * Sends through Undertow's asynchronous API: {@link WebSockets#sendText} queues the frame on the
 * channel and returns, so a slow client never blocks the caller. Undertow keeps frames in the order
 * their sends were started.
 *
 * <p>Why the counters: Undertow queues without limit, so a client that stops reading would make the
 * server hold everything sent to it. Frames queued and not yet written are counted (bytes and
 * messages); past either limit the client is cut off with {@link Limits#CLOSE_SLOW_CLIENT} and its
 * queued frames are released.
 */
public final class UndertowOutbound implements Outbound {
  private static final Logger log = LoggerFactory.getLogger(UndertowOutbound.class);

  /** How long a slow client's close frame gets to go out before the socket is simply closed. */
  private static final long CLOSE_GRACE_MILLIS = 1_000;

  private final WebSocketChannel channel;
  private final String connId;
  private final long maxBytes;
  private final int maxMessages;
  private final Runnable onOverflow;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicInteger queuedMessages = new AtomicInteger();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final WebSocketCallback<Integer> onSent = new Sent();

  public UndertowOutbound(
      WebSocketChannel channel, String connId, Limits limits, Runnable onOverflow) {
    this.channel = channel;
    this.connId = connId;
    this.maxBytes = limits.maxOutboundBytes();
    this.maxMessages = limits.maxOutboundMessages();
    this.onOverflow = onOverflow;
  }

  @Override
  public void sendText(String text) {
    if (!isOpen() || overflowed.get()) {
      log.debug("conn={} dropping a frame: the connection is closing", connId);
      return;
    }
    // Characters, not UTF-8 bytes: an estimate good enough for a bound, and free.
    int size = text.length();
    long bytes = queuedBytes.addAndGet(size);
    int messages = queuedMessages.incrementAndGet();
    if (bytes > maxBytes || messages > maxMessages) {
      queuedBytes.addAndGet(-size);
      queuedMessages.decrementAndGet();
      overflow(bytes, messages);
      return;
    }
    WebSockets.sendText(text, channel, onSent, size);
  }

  @Override
  public void ping() {
    if (isOpen() && !overflowed.get()) {
      WebSockets.sendPing(ByteBuffer.allocate(0), channel, null);
    }
  }

  @Override
  public void close(int code, String reason) {
    if (!channel.isOpen()) {
      return;
    }
    if (channel.isCloseFrameSent()) {
      IoUtils.safeClose(channel);
      return;
    }
    WebSockets.sendClose(new CloseMessage(code, reason), channel, new CloseAfterSend());
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen() && !channel.isCloseFrameSent();
  }

  long queuedBytes() {
    return queuedBytes.get();
  }

  private void overflow(long bytes, int messages) {
    if (!overflowed.compareAndSet(false, true)) {
      return;
    }
    log.info(
        "conn={} disconnected: the client does not read ({} bytes / {} frames waiting, limits {} /"
            + " {})",
        connId,
        bytes,
        messages,
        maxBytes,
        maxMessages);
    onOverflow.run();
    close(Limits.CLOSE_SLOW_CLIENT, "outgoing buffer full: the client does not read");
    // The close frame waits behind everything queued; a client that does not read never gets it.
    channel
        .getIoThread()
        .executeAfter(() -> IoUtils.safeClose(channel), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Releases a written frame's share of the limits; a failed write means the peer is gone. */
  private final class Sent implements WebSocketCallback<Integer> {
    @Override
    public void complete(WebSocketChannel ch, Integer size) {
      queuedBytes.addAndGet(-size);
      queuedMessages.decrementAndGet();
    }

    @Override
    public void onError(WebSocketChannel ch, Integer size, Throwable error) {
      queuedBytes.addAndGet(-size);
      queuedMessages.decrementAndGet();
      log.debug("conn={} send failed, closing: {}", connId, error.toString());
      IoUtils.safeClose(ch);
    }
  }

  /** Closes the TCP connection once our close frame is out, rather than waiting for the peer's. */
  private static final class CloseAfterSend implements WebSocketCallback<Void> {
    @Override
    public void complete(WebSocketChannel ch, Void context) {
      IoUtils.safeClose(ch);
    }

    @Override
    public void onError(WebSocketChannel ch, Void context, Throwable error) {
      IoUtils.safeClose(ch);
    }
  }
}
