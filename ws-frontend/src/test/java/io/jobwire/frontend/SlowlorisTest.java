package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A handshake trickled a byte at a time, or a TCP connection that sends nothing, is closed after
 * the handshake timeout; an open WebSocket quiet for longer is not.
 */
class SlowlorisTest extends LiveFrontend {
  static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(1000);
  static final Duration WITHIN = Duration.ofSeconds(8);

  @Override
  FrontendConfig.Builder config() {
    return super.config().limits(Limits.defaults().withHandshakeTimeout(HANDSHAKE_TIMEOUT));
  }

  @Test
  void a_handshake_trickled_a_byte_at_a_time_is_cut_off() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", frontend.httpPort())) {
      OutputStream out = socket.getOutputStream();
      byte[] request =
          "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
              .getBytes(StandardCharsets.US_ASCII);
      long deadline = System.nanoTime() + WITHIN.toNanos();
      boolean cut = false;
      for (int i = 0; i < request.length && System.nanoTime() < deadline && !cut; i++) {
        try {
          out.write(request[i]);
          out.flush();
        } catch (SocketException e) {
          cut = true;
          break;
        }
        cut = closedWithin(socket, Duration.ofMillis(250));
      }
      assertTrue(cut, "a trickled handshake was still open after " + WITHIN);
    }
  }

  @Test
  void a_connection_that_sends_nothing_is_cut_off() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", frontend.httpPort())) {
      assertTrue(closedWithin(socket, WITHIN), "a silent connection was still open");
    }
  }

  @Test
  void an_open_websocket_quiet_for_longer_than_the_handshake_timeout_stays_open() throws Exception {
    TestClient client = client();
    try (Socket idle = new Socket("127.0.0.1", frontend.httpPort())) {
      // Wait until a silent TCP connection is cut: the handshake timeout has surely passed.
      assertTrue(closedWithin(idle, WITHIN));
    }
    client.assertNextIsPong();
    assertTrue(client.isOpen());
  }

  /** True once the server closed the socket, reading for at most {@code wait}. */
  static boolean closedWithin(Socket socket, Duration wait) throws IOException {
    socket.setSoTimeout((int) wait.toMillis());
    InputStream in = socket.getInputStream();
    try {
      return in.read(new byte[1024]) < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    }
  }
}
