package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.WsClient;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.protocol.testing.Schemas;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The project's one WebSocket client ({@link WsClient}) with a test's assertions: each frame a test
 * reads is checked against the contract's JSON Schema for its {@code op}, and waits fail the test.
 */
final class TestClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(5);

  private final WsClient ws;

  private TestClient(WsClient ws) {
    this.ws = ws;
  }

  /** Connects asking for the jobwire.v1 subprotocol. */
  static TestClient connect(URI uri) {
    return connect(uri, "jobwire.v1");
  }

  /** Connects asking for {@code subprotocols}, in order. */
  static TestClient connect(URI uri, String... subprotocols) {
    return new TestClient(WsClient.to(uri).subprotocols(subprotocols).connect());
  }

  /** Connects trusting {@code tls}, e.g. the test CA. */
  static TestClient connect(SSLContext tls, URI uri) {
    return new TestClient(WsClient.to(uri).tls(tls).subprotocols("jobwire.v1").connect());
  }

  /** A client that never reads what the server sends (a stalled browser tab). */
  static TestClient connectNotReading(URI uri) {
    return connectNotReading(uri, "jobwire.v1");
  }

  /** The same, asking for {@code subprotocol}. */
  static TestClient connectNotReading(URI uri, String subprotocol) {
    return new TestClient(WsClient.to(uri).subprotocols(subprotocol).notReading().connect());
  }

  /** True while the connection is open as far as this client knows. */
  boolean isOpen() {
    return ws.isOpen();
  }

  String subprotocol() {
    return ws.subprotocol();
  }

  void send(String text) {
    ws.send(text);
  }

  /** Sends one text message split into WebSocket fragments. */
  void sendFragments(String... parts) {
    ws.sendFragments(parts);
  }

  void sendBinary(byte[] data) {
    ws.sendBinary(data);
  }

  /** The next frame, waiting up to {@link #WAIT}. */
  JsonNode next() {
    return nextWithin(WAIT, true);
  }

  /** The next frame, which must have this op. */
  JsonNode next(String op) {
    return nextWithin(op, WAIT);
  }

  /** The next frame, which must have this op, waiting up to {@code wait}. */
  JsonNode nextWithin(String op, Duration wait) {
    JsonNode frame = nextWithin(wait, true);
    if (!op.equals(frame.path("op").asText())) {
      fail("expected op '" + op + "' but got " + frame);
    }
    return frame;
  }

  /** The next frame as it is, unchecked by jobwire's schemas (a WAMP message). */
  JsonNode nextUnchecked() {
    return nextWithin(WAIT, false);
  }

  private JsonNode nextWithin(Duration wait, boolean checked) {
    String frame;
    try {
      frame = ws.nextText(wait);
    } catch (TimeoutException e) {
      return fail("no frame from the server within " + wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    try {
      JsonNode json = Codec.parse(frame);
      if (json.isObject() && WsClient.CLOSED.equals(json.path("op").asText())) {
        return fail("the connection ended before the next frame: " + frame);
      }
      if (checked) {
        Schemas.assertValid("server", frame);
      }
      return json;
    } catch (ProtocolException e) {
      throw new AssertionError("the server sent a frame that is not JSON: " + frame, e);
    }
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
    OptionalInt code = awaitClose(WAIT);
    if (code.isEmpty()) {
      fail("the server did not close the connection within " + WAIT);
    }
    return code.getAsInt();
  }

  /** True when the server closed the connection within {@code wait}. */
  boolean awaitCloseCodeWithin(Duration wait) {
    return awaitClose(wait).isPresent();
  }

  private OptionalInt awaitClose(Duration wait) {
    try {
      return ws.awaitClose(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    ws.close();
  }
}
