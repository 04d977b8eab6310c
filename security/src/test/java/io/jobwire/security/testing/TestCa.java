package io.jobwire.security.testing;

import io.jobwire.security.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A test certificate authority and a server certificate it signed for {@code localhost} and {@code
 * 127.0.0.1}, made once per JVM with the JDK's own {@code keytool} under {@code java.io.tmpdir}
 * (target/tmp). Offers the server's key as PEM (PKCS#8 and PKCS#1) and as a PKCS12 key store, and a
 * client {@link SSLContext} that trusts the CA.
 */
public final class TestCa {
  public static final String STORE_PASSWORD = "test-store-password";
  private static TestCa instance;

  private final Path dir;

  private TestCa(Path dir) {
    this.dir = dir;
  }

  /** The one test CA of this JVM, made on first use (a few seconds of keytool). */
  public static synchronized TestCa get() {
    if (instance == null) {
      try {
        Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        instance = new TestCa(Files.createTempDirectory(tmp, "test-ca-"));
        instance.create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /** The CA certificate, PEM: what clients trust. */
  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  /** The server certificate then the CA's, PEM. */
  public Path serverChainPem() {
    return dir.resolve("server-chain.pem");
  }

  /** The server's RSA key, PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
  public Path serverKeyPem() {
    return dir.resolve("server.key");
  }

  /** The same key, PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}). */
  public Path serverKeyPkcs1Pem() {
    return dir.resolve("server-rsa.key");
  }

  /** A PKCS12 key store with the server's key and chain; password {@link #STORE_PASSWORD}. */
  public Path serverKeyStore() {
    return dir.resolve("server.p12");
  }

  /** An RSA key that belongs to no certificate here, PKCS#8 PEM. */
  public Path strangerKeyPem() {
    return dir.resolve("stranger.key");
  }

  /** TLS from the PEM chain and PKCS#8 key. */
  public TlsConfig pemTls() {
    return TlsConfig.pem(serverChainPem(), serverKeyPem());
  }

  /** TLS from the PKCS12 key store. */
  public TlsConfig keyStoreTls() {
    return TlsConfig.keyStore(serverKeyStore(), STORE_PASSWORD);
  }

  /** A client context that trusts this CA only. */
  public SSLContext clientContext() {
    return TlsConfig.clientTrusting(caPem());
  }

  private void create() throws IOException {
    String ca = dir.resolve("ca.p12").toString();
    String server = serverKeyStore().toString();
    String csr = dir.resolve("server.csr").toString();
    String crt = dir.resolve("server.crt").toString();
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=jobwire test CA",
        "-ext",
        "bc:c",
        "-validity",
        "3",
        "-keystore",
        ca);
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-validity",
        "3",
        "-keystore",
        server);
    keytool("-certreq", "-alias", "server", "-keystore", server, "-file", csr);
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        ca,
        "-infile",
        csr,
        "-outfile",
        crt,
        "-rfc",
        "-validity",
        "2",
        "-ext",
        "san=dns:localhost,ip:127.0.0.1",
        "-ext",
        "eku=serverAuth");
    keytool("-exportcert", "-alias", "ca", "-keystore", ca, "-rfc", "-file", caPem().toString());
    keytool("-importcert", "-alias", "ca", "-keystore", server, "-file", caPem().toString());
    keytool("-importcert", "-alias", "server", "-keystore", server, "-file", crt);
    Files.writeString(serverChainPem(), Files.readString(Path.of(crt)) + Files.readString(caPem()));
    writeKeys();
  }

  /** Runs the JDK's keytool (of the JDK running the tests) with the store type and password. */
  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(Arrays.asList(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-noprompt"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + command + "\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }

  private void writeKeys() throws IOException {
    try {
      KeyStore store =
          KeyStore.getInstance(serverKeyStore().toFile(), STORE_PASSWORD.toCharArray());
      PrivateKey key = (PrivateKey) store.getKey("server", STORE_PASSWORD.toCharArray());
      byte[] pkcs8 = key.getEncoded();
      Files.writeString(serverKeyPem(), pem("PRIVATE KEY", pkcs8));
      Files.writeString(serverKeyPkcs1Pem(), pem("RSA PRIVATE KEY", innerOctets(pkcs8)));
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      Files.writeString(
          strangerKeyPem(),
          pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * The PKCS#1 key inside a PKCS#8 RSA key: PrivateKeyInfo is SEQUENCE { INTEGER, SEQUENCE, OCTET
   * STRING }, so skip the outer header and the first two elements.
   */
  private static byte[] innerOctets(byte[] der) {
    int[] at = {0};
    header(der, at); // outer SEQUENCE
    skip(der, at); // version
    skip(der, at); // algorithm
    int length = header(der, at); // OCTET STRING
    return Arrays.copyOfRange(der, at[0], at[0] + length);
  }

  private static void skip(byte[] der, int[] at) {
    int length = header(der, at);
    at[0] += length;
  }

  /** Reads a tag and a length at {@code at[0]}, leaves {@code at[0]} on the content. */
  private static int header(byte[] der, int[] at) {
    at[0]++; // tag
    int first = der[at[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[at[0]++] & 0xff);
    }
    return length;
  }
}
