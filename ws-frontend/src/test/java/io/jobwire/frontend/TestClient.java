package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.testing.Schemas;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (the JDK's) that collects every frame the server sends; each frame a test
 * reads is checked against the contract's JSON Schema for its {@code op}.
 */
final class TestClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(5);

  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final WebSocket socket;

  private final boolean reading;

  private TestClient(URI uri, String... subprotocols) {
    this(uri, true, subprotocols);
  }

  private TestClient(URI uri, boolean reading, String... subprotocols) {
    this(HttpClient.newHttpClient(), uri, reading, subprotocols);
  }

  private TestClient(HttpClient http, URI uri, boolean reading, String... subprotocols) {
    this.reading = reading;
    var builder = http.newWebSocketBuilder();
    if (subprotocols.length > 0) {
      builder.subprotocols(
          subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    socket = builder.buildAsync(uri, new Collector()).orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** Connects asking for the jobwire.v1 subprotocol. */
  static TestClient connect(URI uri) {
    return new TestClient(uri, "jobwire.v1");
  }

  /** Connects through {@code http}, e.g. one whose SSLContext trusts the test CA. */
  static TestClient connect(HttpClient http, URI uri) {
    return new TestClient(http, uri, true, "jobwire.v1");
  }

  /** A client that never reads what the server sends (a stalled browser tab). */
  static TestClient connectNotReading(URI uri) {
    return connectNotReading(uri, "jobwire.v1");
  }

  /** The same, asking for {@code subprotocol}. */
  static TestClient connectNotReading(URI uri, String subprotocol) {
    return new TestClient(uri, false, subprotocol);
  }

  /** True while the connection is open in both directions as far as this client knows. */
  boolean isOpen() {
    return !socket.isInputClosed() && !closeCode.isDone();
  }

  static TestClient connect(URI uri, String... subprotocols) {
    return new TestClient(uri, subprotocols);
  }

  String subprotocol() {
    return socket.getSubprotocol();
  }

  void send(String text) {
    socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** Sends one text message split into WebSocket fragments. */
  void sendFragments(String... parts) {
    for (int i = 0; i < parts.length; i++) {
      socket.sendText(parts[i], i == parts.length - 1).orTimeout(5, TimeUnit.SECONDS).join();
    }
  }

  void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** The next frame, waiting up to {@link #WAIT}. */
  JsonNode next() {
    return nextWithin(WAIT);
  }

  /** The next frame, which must have this op, waiting up to {@code wait}. */
  JsonNode nextWithin(String op, Duration wait) {
    JsonNode frame = nextWithin(wait);
    if (!op.equals(frame.path("op").asText())) {
      fail("expected op '" + op + "' but got " + frame);
    }
    return frame;
  }

  private JsonNode nextWithin(Duration wait) {
    return nextWithin(wait, true);
  }

  /** The next frame as it is, unchecked by jobwire's schemas (a WAMP message). */
  JsonNode nextUnchecked() {
    return nextWithin(WAIT, false);
  }

  private JsonNode nextWithin(Duration wait, boolean checked) {
    try {
      String frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        fail("no frame from the server within " + wait);
      }
      if (checked) {
        Schemas.assertValid("server", frame);
      }
      return Codec.mapper().readTree(frame);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new AssertionError("the server sent a frame that is not JSON", e);
    }
  }

  /** The next frame, which must have this op. */
  JsonNode next(String op) {
    return nextWithin(op, WAIT);
  }

  /** Sends a ping; the next frame must be its pong, so nothing else was on its way. */
  void assertNextIsPong() {
    send("{\"op\":\"ping\",\"ref\":\"drain\"}");
    JsonNode frame = next();
    if (!"pong".equals(frame.path("op").asText())) {
      fail("expected nothing before the pong, got " + frame);
    }
  }

  /** The close code the server sent, waiting up to {@link #WAIT}. */
  int awaitCloseCode() {
    return closeCode.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  /** True when the server closed the connection within {@code wait}. */
  boolean awaitCloseCodeWithin(Duration wait) {
    try {
      closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }

  private final class Collector implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void onOpen(WebSocket ws) {
      if (reading) {
        ws.request(1);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        frames.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      fail("the server sent a binary frame");
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closeCode.completeExceptionally(error);
    }
  }
}
