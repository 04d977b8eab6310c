package io.jobwire.launcher.cli;

import io.jobwire.security.TlsConfig;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/** {@code --tls-ca}: the CA a client command trusts for {@code wss://} and {@code https://}. */
public final class TlsCaOption {

  @Option(
      names = "--tls-ca",
      defaultValue = "${env:JOBWIRE_TLS_CA}",
      paramLabel = "FILE",
      description =
          "PEM CA certificate(s) to trust for wss:// and https:// (env JOBWIRE_TLS_CA; default:"
              + " the JDK's CAs).")
  Path ca;

  /** The client context: trusting {@code --tls-ca} only, else the JDK's default CAs. */
  public SSLContext sslContext() {
    return TlsConfig.clientTrusting(ca);
  }
}
