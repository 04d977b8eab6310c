package io.jobwire.launcher.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.cli.TlsCaOption;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A jobwire WebSocket client on the JDK's own WebSocket: for {@code run}, {@code bench} and tests.
 * {@code wss://} URLs work; pass an {@link SSLContext} (see {@link TlsCaOption}) to trust a private
 * CA. When the connection ends, {@link #next} returns one last frame of its own, {@code
 * {"op":"closed","code":N,"reason":…}} (no server sends an op of that name).
 */
public final class WsClient implements AutoCloseable {
  /** The op of the frame {@link #next} returns once the connection is gone. */
  public static final String CLOSED = "closed";

  private final BlockingQueue<JsonNode> received;
  private final WebSocket socket;

  private WsClient(WebSocket socket, BlockingQueue<JsonNode> received) {
    this.socket = socket;
    this.received = received;
  }

  public static WsClient connect(String url) {
    return connect(url, null);
  }

  /** Connects trusting {@code tls} (null = the JDK's default CAs). */
  public static WsClient connect(String url, SSLContext tls) {
    var listener = new Listener();
    var http = HttpClient.newBuilder();
    if (tls != null) {
      http.sslContext(tls);
    }
    WebSocket socket =
        http.build()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(url), listener)
            .join();
    return new WsClient(socket, listener.received);
  }

  public void send(String json) {
    socket.sendText(json, true).join();
  }

  /** The next frame, as JSON. */
  public JsonNode next(Duration timeout) throws InterruptedException, TimeoutException {
    JsonNode frame = received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (frame == null) {
      throw new TimeoutException("no frame within " + timeout);
    }
    return frame;
  }

  /** The next frame that matches, skipping the ones before it. */
  public JsonNode next(Predicate<JsonNode> match, Duration timeout)
      throws InterruptedException, TimeoutException {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode frame = next(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
      if (match.test(frame)) {
        return frame;
      }
    }
  }

  /** The next frame whose {@code op} is {@code op}. */
  public JsonNode next(String op, Duration timeout) throws InterruptedException, TimeoutException {
    return next(frame -> op.equals(frame.path("op").asText()), timeout);
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    socket.abort();
  }

  /** Frames may arrive before {@code buildAsync} returns, so the listener owns the queue. */
  private static final class Listener implements WebSocket.Listener {
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received.add(Codec.parse(partial.toString()));
        } catch (ProtocolException e) {
          throw new IllegalStateException("server sent a frame that is not JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
      closed(code, reason);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      closed(1006, String.valueOf(error.getMessage()));
    }

    private void closed(int code, String reason) {
      received.add(
          Codec.mapper()
              .createObjectNode()
              .put("op", CLOSED)
              .put("code", code)
              .put("reason", reason));
    }
  }
}
