package io.jobwire.security.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an unencrypted private key from PEM: PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, EdDSA) or
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, wrapped into PKCS#8 here since the JDK reads only that).
 */
final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  /** DER of AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private PemKeys() {}

  static PrivateKey read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw TlsContexts.unreadable(file, "a PEM private key", e);
    }
    Matcher block = BLOCK.matcher(text);
    while (block.find()) {
      String type = block.group(1);
      byte[] der = Base64.getMimeDecoder().decode(block.group(2).strip());
      switch (type) {
        case "PRIVATE KEY" -> {
          return pkcs8(der, file);
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(wrapRsa(der), file);
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new IllegalArgumentException(
                file
                    + " is encrypted; decrypt it (openssl pkcs8 -in KEY -out PLAIN.key) or use a"
                    + " PKCS12 key store with --tls-keystore and --tls-keystore-password");
        case "EC PRIVATE KEY" ->
            throw new IllegalArgumentException(
                file
                    + " is a SEC1 EC key; convert it to PKCS#8 with"
                    + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY8");
        default -> {
          // skip other blocks, e.g. EC PARAMETERS
        }
      }
    }
    throw new IllegalArgumentException(
        file + " holds no private key; expected '-----BEGIN PRIVATE KEY-----' (PKCS#8)");
  }

  private static PrivateKey pkcs8(byte[] der, Path file) {
    var spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new IllegalArgumentException(
        file + " is not an RSA, EC or EdDSA private key the JDK can read");
  }

  /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { the PKCS#1 key } }. */
  private static byte[] wrapRsa(byte[] pkcs1) {
    var body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.writeBytes(tagged(0x04, pkcs1));
    return tagged(0x30, body.toByteArray());
  }

  private static byte[] tagged(int tag, byte[] content) {
    var out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
