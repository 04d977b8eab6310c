package io.jobwire.frontend.internal;

import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * Sends through Undertow's asynchronous API: {@link WebSockets#sendText} queues the frame on the
 * channel and returns, so a slow client never blocks the caller. Undertow keeps frames in the order
 * their sends were started.
 */
final class UndertowOutbound implements Outbound {
  private static final Logger log = LoggerFactory.getLogger(UndertowOutbound.class);

  private final WebSocketChannel channel;
  private final String connId;
  private final WebSocketCallback<Void> onSent;

  UndertowOutbound(WebSocketChannel channel, String connId) {
    this.channel = channel;
    this.connId = connId;
    this.onSent = new SendFailureCallback();
  }

  @Override
  public void sendText(String text) {
    if (!isOpen()) {
      log.debug("conn={} dropping a frame: the connection is closing", connId);
      return;
    }
    WebSockets.sendText(text, channel, onSent);
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

  /** A frame that cannot be written means the peer is gone: close instead of queueing more. */
  private final class SendFailureCallback implements WebSocketCallback<Void> {
    @Override
    public void complete(WebSocketChannel ch, Void context) {}

    @Override
    public void onError(WebSocketChannel ch, Void context, Throwable error) {
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
