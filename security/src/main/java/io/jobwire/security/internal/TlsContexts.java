package io.jobwire.security.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link SSLContext}s from PEM files or key stores with JDK classes only. Every failure is
 * an {@link IllegalArgumentException} that names the file and says what to do.
 */
public final class TlsContexts {
  private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);
  private static final String ALIAS = "jobwire";

  private TlsContexts() {}

  public static SSLContext fromPem(Path certChain, Path privateKey) {
    List<X509Certificate> chain = certificates(certChain);
    PrivateKey key = PemKeys.read(privateKey);
    requireMatch(key, chain.get(0), certChain, privateKey);
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, key, password, chain.toArray(Certificate[]::new));
      return server(store, password, certChain);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "cannot use " + certChain + " with " + privateKey + ": " + e.getMessage(), e);
    }
  }

  public static SSLContext fromKeyStore(Path file, String password) {
    char[] secret = password == null ? new char[0] : password.toCharArray();
    KeyStore store;
    try {
      store = KeyStore.getInstance(file.toFile(), secret);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException || password == null) {
        throw new IllegalArgumentException(
            "wrong password for key store "
                + file
                + "; check --tls-keystore-password (env JOBWIRE_TLS_KEYSTORE_PASSWORD)",
            e);
      }
      throw unreadable(file, "a PKCS12 or JKS key store", e);
    } catch (GeneralSecurityException e) {
      throw unreadable(file, "a PKCS12 or JKS key store", e);
    }
    try {
      String alias =
          Collections.list(store.aliases()).stream()
              .filter(a -> isKey(store, a))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "key store " + file + " holds no private key; add the server's key"));
      if (store.getCertificate(alias) instanceof X509Certificate leaf) {
        warnIfExpired(leaf, file);
      }
      return server(store, secret, file);
    } catch (UnrecoverableKeyException e) {
      throw new IllegalArgumentException(
          "the key in " + file + " needs a password of its own; give it the key store's", e);
    } catch (GeneralSecurityException e) {
      throw unreadable(file, "a PKCS12 or JKS key store", e);
    }
  }

  /** A client context trusting the CA certificates in {@code caPem}; null = the JDK's CAs. */
  public static SSLContext trusting(Path caPem) {
    try {
      if (caPem == null) {
        return SSLContext.getDefault();
      }
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      int i = 0;
      for (X509Certificate ca : certificates(caPem)) {
        trusted.setCertificateEntry("ca-" + i++, ca);
      }
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw unreadable(caPem, "PEM CA certificates", e);
    }
  }

  static List<X509Certificate> certificates(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> chain =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (chain.isEmpty()) {
        throw new IllegalArgumentException(
            pem + " holds no certificate; expected PEM '-----BEGIN CERTIFICATE-----' blocks");
      }
      warnIfExpired(chain.get(0), pem);
      return chain;
    } catch (CertificateException | IOException e) {
      throw unreadable(pem, "PEM certificates ('-----BEGIN CERTIFICATE-----')", e);
    }
  }

  static IllegalArgumentException unreadable(Path file, String expected, Exception e) {
    if (e instanceof NoSuchFileException || !Files.exists(file)) {
      return new IllegalArgumentException("TLS file not found: " + file + "; check the path", e);
    }
    return new IllegalArgumentException(
        "cannot read " + file + " as " + expected + ": " + e.getMessage(), e);
  }

  private static SSLContext server(KeyStore store, char[] password, Path source)
      throws GeneralSecurityException {
    var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    log.debug("TLS context loaded from {}", source);
    return context;
  }

  /** Signs with the key and verifies with the certificate: works for RSA, EC and EdDSA alike. */
  private static void requireMatch(PrivateKey key, X509Certificate leaf, Path cert, Path keyFile) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
    boolean matches;
    try {
      byte[] probe = "jobwire key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException(
          "the private key "
              + keyFile
              + " does not belong to the first certificate in "
              + cert
              + "; put the server certificate first and pass its own key");
    }
  }

  private static boolean isKey(KeyStore store, String alias) {
    try {
      return store.isKeyEntry(alias);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static void warnIfExpired(X509Certificate cert, Path file) {
    try {
      cert.checkValidity();
    } catch (CertificateException e) {
      log.warn(
          "TLS certificate in {} is not valid now ({}); clients will refuse it",
          file,
          e.getMessage());
    }
  }
}
