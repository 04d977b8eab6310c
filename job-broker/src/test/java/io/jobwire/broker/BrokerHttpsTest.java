package io.jobwire.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.testing.RedisPerClass;
import io.jobwire.security.TlsConfig;
import io.jobwire.security.testing.TestCa;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker's /metrics and /health over HTTPS, with the test CA. */
class BrokerHttpsTest {
  @RegisterExtension static final RedisPerClass redis = RedisPerClass.shared();
  static Broker broker;
  static final TestCa ca = TestCa.get();

  @BeforeAll
  static void start() {
    broker =
        Broker.start(
            BrokerConfig.builder().bind("tcp://127.0.0.1:*").redisUri(redis.uri()).build());
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serves_metrics_over_https_from_pem_files_to_a_client_that_trusts_the_ca() throws Exception {
    try (BrokerHttp http = BrokerHttp.start(broker, null, "127.0.0.1", 0, ca.pemTls())) {
      assertTrue(http.baseUrl().startsWith("https://127.0.0.1:"), http.baseUrl());
      var client = HttpClient.newBuilder().sslContext(ca.clientContext()).build();
      var metrics = get(client, http.baseUrl() + "/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.body().contains("jobwire_broker_workers"), metrics.body());
      assertEquals(200, get(client, http.baseUrl() + "/health/live").statusCode());
    }
  }

  @Test
  void serves_health_over_https_from_a_pkcs12_key_store() throws Exception {
    try (BrokerHttp http = BrokerHttp.start(broker, null, "127.0.0.1", 0, ca.keyStoreTls())) {
      var client = HttpClient.newBuilder().sslContext(ca.clientContext()).build();
      assertEquals(200, get(client, http.baseUrl() + "/health/ready").statusCode());
    }
  }

  @Test
  void a_plain_http_client_and_a_client_that_does_not_trust_the_ca_both_fail() {
    try (BrokerHttp http = BrokerHttp.start(broker, null, "127.0.0.1", 0, ca.pemTls())) {
      var plain = HttpClient.newHttpClient();
      String http1 = "http://127.0.0.1:" + http.port() + "/metrics";
      assertThrows(IOException.class, () -> get(plain, http1));
      var untrusting = HttpClient.newHttpClient(); // the JDK's CAs only
      assertThrows(
          javax.net.ssl.SSLHandshakeException.class,
          () -> get(untrusting, http.baseUrl() + "/metrics"));
    }
  }

  @Test
  void a_bad_tls_config_fails_the_start_with_the_reason() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BrokerHttp.start(
                    broker,
                    null,
                    "127.0.0.1",
                    0,
                    TlsConfig.pem(ca.serverChainPem(), ca.strangerKeyPem())));
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
  }
}
