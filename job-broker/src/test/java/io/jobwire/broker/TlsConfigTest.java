package io.jobwire.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.security.TlsConfig;
import io.jobwire.security.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TlsConfigTest {
  final TestCa ca = TestCa.get();

  @Test
  void loads_a_pem_chain_with_a_pkcs8_or_a_pkcs1_key_and_a_pkcs12_key_store() {
    assertNotNull(ca.pemTls().sslContext());
    assertNotNull(TlsConfig.pem(ca.serverChainPem(), ca.serverKeyPkcs1Pem()).sslContext());
    assertNotNull(ca.keyStoreTls().sslContext());
  }

  @Test
  void off_is_the_default_and_says_so() {
    assertFalse(BrokerConfig.builder().build().tls().enabled());
    assertEquals("TlsConfig[off]", TlsConfig.OFF.toString());
  }

  @Test
  void a_missing_file_is_named_in_the_error() {
    Path nowhere = Path.of("target", "no-such-dir", "server.crt");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsConfig.pem(nowhere, ca.serverKeyPem()).sslContext());
    assertTrue(e.getMessage().contains("not found: " + nowhere), e.getMessage());
  }

  @Test
  void a_wrong_key_store_password_says_so() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsConfig.keyStore(ca.serverKeyStore(), "not-the-password").sslContext());
    assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
  }

  @Test
  void a_key_that_does_not_belong_to_the_certificate_is_refused() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsConfig.pem(ca.serverChainPem(), ca.strangerKeyPem()).sslContext());
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
  }

  @Test
  void a_file_that_is_not_pem_is_refused_with_what_was_expected() throws Exception {
    Path junk = Files.writeString(Files.createTempFile("junk", ".pem"), "hello");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TlsConfig.pem(ca.serverChainPem(), junk).sslContext());
    assertTrue(e.getMessage().contains("BEGIN PRIVATE KEY"), e.getMessage());
  }

  @Test
  void half_a_pem_config_or_both_kinds_at_once_is_refused_when_built() {
    assertThrows(IllegalArgumentException.class, () -> TlsConfig.pem(ca.serverChainPem(), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TlsConfig(ca.serverChainPem(), ca.serverKeyPem(), ca.serverKeyStore(), "x"));
  }

  @Test
  void to_string_hides_the_key_store_password() {
    assertFalse(ca.keyStoreTls().toString().contains(TestCa.STORE_PASSWORD));
  }
}
