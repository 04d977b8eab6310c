package io.jobwire.launcher.cli;

import io.jobwire.security.TlsConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --tls-*}: the certificate the HTTP ports serve {@code https://} and {@code wss://} with,
 * shared by {@code frontend}, {@code broker} (its {@code --http-port}) and {@code demo}.
 */
public final class TlsOptions {

  @Option(
      names = "--tls-cert",
      defaultValue = "${env:JOBWIRE_TLS_CERT}",
      paramLabel = "FILE",
      description =
          "PEM certificate chain (server certificate first) to serve https:// and wss:// with;"
              + " needs --tls-key (env JOBWIRE_TLS_CERT; default: plain HTTP).")
  Path cert;

  @Option(
      names = "--tls-key",
      defaultValue = "${env:JOBWIRE_TLS_KEY}",
      paramLabel = "FILE",
      description =
          "PEM private key of --tls-cert, unencrypted PKCS#8 (RSA, EC) or PKCS#1 RSA (env"
              + " JOBWIRE_TLS_KEY).")
  Path key;

  @Option(
      names = "--tls-keystore",
      defaultValue = "${env:JOBWIRE_TLS_KEYSTORE}",
      paramLabel = "FILE",
      description =
          "PKCS12 or JKS key store with the server key and chain, instead of --tls-cert/--tls-key"
              + " (env JOBWIRE_TLS_KEYSTORE).")
  Path keyStore;

  @Option(
      names = "--tls-keystore-password",
      defaultValue = "${env:JOBWIRE_TLS_KEYSTORE_PASSWORD}",
      paramLabel = "PASS",
      description = "Password of --tls-keystore (env JOBWIRE_TLS_KEYSTORE_PASSWORD).")
  String keyStorePassword;

  /** The TLS settings; {@link TlsConfig#OFF} when no flag is given. */
  public TlsConfig toConfig() {
    return new TlsConfig(cert, key, keyStore, keyStorePassword);
  }
}
