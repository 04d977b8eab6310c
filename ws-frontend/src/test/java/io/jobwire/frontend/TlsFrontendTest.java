package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.client.HandshakeRefusedException;
import io.jobwire.client.WsClient;
import io.jobwire.security.TlsConfig;
import io.jobwire.security.testing.TestCa;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code wss://} and {@code https://} on the HTTP port, with a CA made for the test. */
class TlsFrontendTest extends LiveFrontend {
  static final TestCa ca = TestCa.get();
  static final String ADMIN_KEY = "tls-admin-key-0123456789";

  final HttpClient trusting = HttpClient.newBuilder().sslContext(ca.clientContext()).build();

  @Override
  FrontendConfig.Builder config() {
    return super.config().tls(ca.pemTls()).adminKey(ADMIN_KEY);
  }

  HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String https() {
    return "https://localhost:" + frontend.httpPort();
  }

  @Test
  void a_wss_client_that_trusts_the_ca_subscribes_and_receives_a_result() {
    assertTrue(frontend.webSocketUri().toString().startsWith("wss://127.0.0.1:"));
    TestClient client = own(TestClient.connect(trusting.sslContext(), frontend.webSocketUri()));
    client.next("welcome");
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"t\"}");
    String sub = client.next("subscribed").get("sub").asText();
    worker().push("{\"type\":\"result\",\"route\":{\"sub\":\"" + sub + "\"},\"data\":{\"x\":7}}");
    assertEquals(7, client.next("result").path("data").path("x").asInt());
  }

  @Test
  void a_plain_ws_client_to_the_tls_port_fails() {
    URI plain = URI.create("ws://127.0.0.1:" + frontend.httpPort() + "/ws");
    var e =
        assertThrows(
            UncheckedIOException.class,
            () -> WsClient.to(plain).connectTimeout(Duration.ofSeconds(20)).connect());
    assertFalse(
        e.getCause() instanceof HandshakeRefusedException,
        "the connection breaks, no HTTP answer comes back: " + e);
  }

  @Test
  void a_client_that_does_not_trust_the_ca_fails_the_handshake() {
    var e =
        assertThrows(
            UncheckedIOException.class,
            () -> // the JDK's CAs only
            WsClient.to(frontend.webSocketUri()).connectTimeout(Duration.ofSeconds(20)).connect());
    assertTrue(e.getCause() instanceof javax.net.ssl.SSLHandshakeException, e.toString());
  }

  @Test
  void serves_the_pages_and_health_over_https_and_sets_a_secure_admin_cookie() throws Exception {
    assertEquals(200, get(trusting, https() + "/").statusCode());
    assertEquals(200, get(trusting, https() + "/health/live").statusCode());
    var login = get(trusting, https() + "/dashboard?key=" + ADMIN_KEY);
    assertEquals(303, login.statusCode());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly"), cookie);
  }

  @Test
  void a_pkcs12_key_store_serves_wss_too() {
    try (Frontend other =
        Frontend.start(
            super.config()
                .tls(TlsConfig.keyStore(ca.serverKeyStore(), TestCa.STORE_PASSWORD))
                .build(),
            queue,
            null)) {
      TestClient client = own(TestClient.connect(trusting.sslContext(), other.webSocketUri()));
      client.next("welcome");
    }
  }

  @Test
  void a_key_that_does_not_match_the_certificate_fails_the_start_with_the_reason() {
    var bad = super.config().tls(TlsConfig.pem(ca.serverChainPem(), ca.strangerKeyPem())).build();
    var e = assertThrows(IllegalArgumentException.class, () -> Frontend.start(bad, queue, null));
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
  }
}
