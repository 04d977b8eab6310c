package io.jobwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a real WebSocket server (Undertow) on a free port, which echoes text, closes
 * on {@code close CODE}, pings on {@code ping me} and says {@code pong N} for each pong it gets.
 */
class WsClientTest {
  static final Duration WAIT = Duration.ofSeconds(5);

  Undertow server;
  String url;

  @BeforeEach
  void startServer() {
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                Handlers.path()
                    .addPrefixPath(
                        "/ws",
                        Handlers.websocket(
                            (exchange, channel) -> {
                              channel.getReceiveSetter().set(new Echo());
                              channel.resumeReceives();
                            })))
            .build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    url = "ws://127.0.0.1:" + port + "/ws";
  }

  @AfterEach
  void stopServer() {
    server.stop();
  }

  @Test
  void sends_text_whole_or_in_fragments_and_reads_the_answers_in_order() throws Exception {
    try (var client = WsClient.connect(url)) {
      client.send("{\"op\":\"ping\"}");
      client.sendFragments("{\"op\":", "\"frag", "ments\"}");
      assertEquals("ping", client.next(WAIT).path("op").asText());
      assertEquals("fragments", client.next(WAIT).path("op").asText());
    }
  }

  @Test
  void a_message_over_64_kib_goes_both_ways() throws Exception {
    String big = "x".repeat(70_000);
    try (var client = WsClient.connect(url)) {
      client.send(big);
      assertEquals(big, client.nextText(WAIT));
    }
  }

  @Test
  void hands_messages_to_a_callback_on_its_reader_thread() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (var client = WsClient.to(url).onText(seen::add).connect()) {
      client.send("one");
      client.send("two");
      await().atMost(WAIT).until(() -> seen.equals(List.of("one", "two")));
    }
  }

  @Test
  void answers_the_servers_ping_and_counts_the_pongs_to_its_own() throws Exception {
    try (var client = WsClient.connect(url)) {
      client.send("ping me");
      assertEquals("pong 1", client.nextText(WAIT));
      client.ping(new byte[] {1, 2});
      await().atMost(WAIT).until(() -> client.pongs() == 1);
    }
  }

  @Test
  void the_servers_close_code_ends_the_queue_with_a_closed_message() throws Exception {
    try (var client = WsClient.connect(url)) {
      client.send("close 4001");
      var closed = client.next(WsClient.CLOSED, WAIT);
      assertEquals(4001, closed.path("code").asInt());
      assertEquals(OptionalInt.of(4001), client.awaitClose(WAIT));
      assertFalse(client.isOpen());
    }
  }

  @Test
  void a_message_over_the_limit_closes_the_connection_with_1009() throws Exception {
    try (var client = WsClient.to(url).maxMessageBytes(100).connect()) {
      client.send("y".repeat(101));
      assertEquals(OptionalInt.of(1009), client.awaitClose(WAIT));
    }
  }

  @Test
  void a_refused_upgrade_says_the_http_status() {
    String elsewhere = url.replace("/ws", "/elsewhere");
    var e = assertThrows(UncheckedIOException.class, () -> WsClient.connect(elsewhere));
    var refused = assertInstanceOf(HandshakeRefusedException.class, e.getCause());
    assertEquals(404, refused.status(), refused.getMessage());
  }

  @Test
  void only_ws_and_wss_urls_are_taken() {
    assertThrows(IllegalArgumentException.class, () -> WsClient.to("http://127.0.0.1:1/ws"));
  }

  /** The test server's side of one connection. */
  private static final class Echo extends AbstractReceiveListener {
    private int pongs;

    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
      String text = message.getData();
      if (text.startsWith("close ")) {
        WebSockets.sendClose(Integer.parseInt(text.substring(6)), "asked", channel, null);
      } else if (text.equals("ping me")) {
        WebSockets.sendPing(ByteBuffer.wrap(new byte[] {7}), channel, null);
      } else {
        WebSockets.sendText(text, channel, null);
      }
    }

    @Override
    protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
      message.getData().free();
      WebSockets.sendText("pong " + ++pongs, channel, null);
    }
  }
}
