package io.jobwire.security;

import io.jobwire.security.internal.TlsContexts;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The certificate an HTTP endpoint serves TLS with ({@code https://}, {@code wss://}): either PEM
 * files (a certificate chain and its unencrypted private key: PKCS#8 RSA or EC, or PKCS#1 RSA) or a
 * PKCS12/JKS key store and its password. {@link #OFF} serves plain HTTP.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.pem(Path.of("server.crt"), Path.of("server.key"));
 * SSLContext context = tls.sslContext(); // load once, at start; fails with a clear message
 * }</pre>
 *
 * @param certChain PEM file with the server certificate first, then any intermediates; or null
 * @param privateKey PEM file with the private key of the first certificate; or null
 * @param keyStore PKCS12 or JKS file holding one private key entry and its chain; or null
 * @param keyStorePassword the password of {@code keyStore} and of its key entry
 */
public record TlsConfig(Path certChain, Path privateKey, Path keyStore, String keyStorePassword) {

  /** Plain HTTP. */
  public static final TlsConfig OFF = new TlsConfig(null, null, null, null);

  public TlsConfig {
    if ((certChain == null) != (privateKey == null)) {
      throw new IllegalArgumentException(
          "TLS with PEM files needs both --tls-cert and --tls-key; one of them is missing");
    }
    if (certChain != null && keyStore != null) {
      throw new IllegalArgumentException(
          "give either --tls-cert/--tls-key or --tls-keystore, not both");
    }
    if (keyStore == null && keyStorePassword != null) {
      throw new IllegalArgumentException("--tls-keystore-password needs --tls-keystore");
    }
  }

  /** TLS from a PEM certificate chain and its private key. */
  public static TlsConfig pem(Path certChain, Path privateKey) {
    return new TlsConfig(certChain, privateKey, null, null);
  }

  /** TLS from a PKCS12 or JKS key store (the type is detected); {@code password} may be null. */
  public static TlsConfig keyStore(Path keyStore, String password) {
    return new TlsConfig(null, null, keyStore, password);
  }

  /** True when the endpoint serves TLS. */
  public boolean enabled() {
    return certChain != null || keyStore != null;
  }

  /**
   * Reads the files and builds the server's context; call it once, at start. Throws {@link
   * IllegalArgumentException} naming the file and what to do when a file is missing or unreadable,
   * the password is wrong or the key does not belong to the certificate.
   */
  public SSLContext sslContext() {
    if (!enabled()) {
      throw new IllegalStateException("TLS is off; there is no SSLContext to build");
    }
    return certChain != null
        ? TlsContexts.fromPem(certChain, privateKey)
        : TlsContexts.fromKeyStore(keyStore, keyStorePassword);
  }

  /**
   * A client context that trusts only the CA certificates in the PEM file {@code caPem} (for a
   * private CA or a self-signed server); null trusts the JDK's default CAs.
   */
  public static SSLContext clientTrusting(Path caPem) {
    return TlsContexts.trusting(caPem);
  }

  /** Where the key comes from, never the password. */
  @Override
  public String toString() {
    if (!enabled()) {
      return "TlsConfig[off]";
    }
    return certChain != null
        ? "TlsConfig[cert=" + certChain + ", key=" + privateKey + "]"
        : "TlsConfig[keyStore="
            + keyStore
            + ", password="
            + (keyStorePassword == null ? null : "***")
            + "]";
  }
}
