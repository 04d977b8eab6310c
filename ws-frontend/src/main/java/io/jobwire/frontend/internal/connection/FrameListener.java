package io.jobwire.frontend.internal.connection;

import io.jobwire.protocol.ErrorCode;
import io.jobwire.protocol.ServerMessage;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one connection's frames on its IO thread: text messages go to its {@link TextHandler}
 * (the {@code RequestHandler}, or a {@code WampSession}); binary and oversized messages are read to
 * their end and answered with an {@code error}. Control frames (ping, pong, close) keep Undertow's
 * handling.
 */
public final class FrameListener extends AbstractReceiveListener {
  private static final Logger log = LoggerFactory.getLogger(FrameListener.class);

  /** Takes one whole text message of a connection, on its IO thread. */
  public interface TextHandler {
    void handleText(ClientConnection connection, String text);
  }

  private final ClientConnection connection;
  private final TextHandler handler;
  private final int maxFrameBytes;

  public FrameListener(ClientConnection connection, TextHandler handler, int maxFrameBytes) {
    this.connection = connection;
    this.handler = handler;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void onText(WebSocketChannel channel, StreamSourceFrameChannel message) {
    connection.heard();
    BoundedMessageReader.read(message, maxFrameBytes, new TextDone(channel));
  }

  @Override
  protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel message) {
    connection.heard();
    BoundedMessageReader.read(message, 0, new BinaryDone(channel));
  }

  @Override
  protected void onPing(WebSocketChannel channel, StreamSourceFrameChannel message)
      throws IOException {
    connection.heard();
    super.onPing(channel, message);
  }

  @Override
  protected void onPong(WebSocketChannel channel, StreamSourceFrameChannel message)
      throws IOException {
    connection.heard();
    super.onPong(channel, message);
  }

  @Override
  protected void onError(WebSocketChannel channel, Throwable error) {
    log.debug("{} closing after a read error: {}", connection, error.toString());
    super.onError(channel, error);
  }

  private final class TextDone implements BoundedMessageReader.Done {
    private final WebSocketChannel channel;

    TextDone(WebSocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void read(byte[] body) {
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
      } catch (CharacterCodingException e) {
        connection.send(
            new ServerMessage.Error(null, ErrorCode.BAD_JSON, "a text frame must be UTF-8"));
        return;
      }
      handler.handleText(connection, text);
    }

    @Override
    public void tooLarge(long size) {
      log.debug("{} message of {} bytes refused", connection, size);
      connection.send(
          new ServerMessage.Error(
              null,
              ErrorCode.FRAME_TOO_LARGE,
              "a message of " + size + " bytes exceeds the limit of " + maxFrameBytes + " bytes"));
    }

    @Override
    public void failed(IOException error) {
      onError(channel, error);
    }
  }

  private final class BinaryDone implements BoundedMessageReader.Done {
    private final WebSocketChannel channel;

    BinaryDone(WebSocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void read(byte[] body) {
      refuse();
    }

    @Override
    public void tooLarge(long size) {
      refuse();
    }

    @Override
    public void failed(IOException error) {
      onError(channel, error);
    }

    private void refuse() {
      connection.send(
          new ServerMessage.Error(
              null,
              ErrorCode.BAD_REQUEST,
              "binary frames are not supported; send one JSON object per text frame"));
    }
  }
}
