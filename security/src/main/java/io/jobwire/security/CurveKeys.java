package io.jobwire.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ZeroMQ CURVE key pair, or a public key alone, as kept in the certificate files of czmq {@code
 * zcert} and pyzmq {@code zmq.auth}: {@code NAME.key} holds the public key, {@code NAME.key_secret}
 * the public and the secret key, both as 40-character Z85 text in a ZPL {@code curve} section.
 * Every jobwire process and reference worker reads the same files.
 *
 * @param publicKey the public key, Z85
 * @param secretKey the secret key, Z85; null for a public key file
 */
public record CurveKeys(String publicKey, String secretKey) {

  /** Where the public key of {@code NAME} lives: {@code NAME.key}. */
  public static final String PUBLIC_SUFFIX = ".key";

  /** Where the key pair of {@code NAME} lives: {@code NAME.key_secret} (mode 0600). */
  public static final String SECRET_SUFFIX = ".key_secret";

  private static final Pattern Z85 =
      Pattern.compile("[0-9a-zA-Z.\\-:+=^!/*?&<>()\\[\\]{}@%$#]{40}");
  private static final Pattern ENTRY =
      Pattern.compile("^\\s*(public-key|secret-key)\\s*=\\s*(\"|')?(.{40})\\2?\\s*(#.*)?$");

  public CurveKeys {
    requireZ85(publicKey, "public-key");
    if (secretKey != null) {
      requireZ85(secretKey, "secret-key");
    }
  }

  /** A public key alone, e.g. a server's key that a client dials. */
  public static CurveKeys publicOnly(String publicKey) {
    return new CurveKeys(publicKey, null);
  }

  /** True when {@code text} is a 40-character Z85 key. */
  public static boolean isZ85Key(String text) {
    return text != null && Z85.matcher(text).matches();
  }

  /**
   * Reads a {@code .key} or {@code .key_secret} file.
   *
   * @throws IllegalArgumentException when the file cannot be read or holds no valid public key; the
   *     message names the file and what to do
   */
  public static CurveKeys read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read CURVE key file "
              + file
              + " ("
              + e
              + "); create one with `jobwire keys generate`",
          e);
    }
    Map<String, String> keys = new LinkedHashMap<>();
    for (String line : text.split("\\R")) {
      Matcher m = ENTRY.matcher(line);
      if (m.matches()) {
        keys.putIfAbsent(m.group(1), m.group(3));
      }
    }
    try {
      return new CurveKeys(keys.get("public-key"), keys.get("secret-key"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          file
              + " is not a ZeroMQ CURVE certificate ("
              + e.getMessage()
              + "); create one with `jobwire keys generate`",
          e);
    }
  }

  /** Reads a {@code .key_secret} file; fails when it holds no secret key. */
  public static CurveKeys readSecret(Path file) {
    CurveKeys keys = read(file);
    if (keys.secretKey() == null) {
      throw new IllegalArgumentException(
          file
              + " holds no secret-key: pass the "
              + SECRET_SUFFIX
              + " file here, not the public "
              + PUBLIC_SUFFIX);
    }
    return keys;
  }

  /**
   * The public keys of the {@code *.key} files in {@code dir} (subdirectories and other files are
   * ignored), by file name.
   *
   * @throws IllegalArgumentException when {@code dir} cannot be listed or a key file is invalid
   */
  public static Map<String, String> readPublicKeys(Path dir) {
    Map<String, String> keys = new LinkedHashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + PUBLIC_SUFFIX)) {
      for (Path file : files) {
        if (Files.isRegularFile(file)) {
          keys.put(file.getFileName().toString(), read(file).publicKey());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException(
          "cannot list the CURVE client keys in " + dir + " (" + e + ")", e);
    }
    return keys;
  }

  /**
   * Writes {@code dir/NAME.key} and, when this holds a secret key, {@code dir/NAME.key_secret}
   * (readable by its owner only, where the file system has POSIX permissions).
   *
   * @return the files written
   * @throws IllegalArgumentException when a file exists and {@code force} is false, or on an I/O
   *     error; nothing is half-written over an existing file
   */
  public List<Path> write(Path dir, String name, boolean force) {
    if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
      throw new IllegalArgumentException(
          "key name must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    Path pub = dir.resolve(name + PUBLIC_SUFFIX);
    Path secret = dir.resolve(name + SECRET_SUFFIX);
    List<Path> files = secretKey == null ? List.of(pub) : List.of(pub, secret);
    for (Path file : files) {
      if (!force && Files.exists(file)) {
        throw new IllegalArgumentException(
            file + " exists; pass --force to replace it (clients holding the old key lose access)");
      }
    }
    try {
      Files.createDirectories(dir);
      writeFile(pub, publicFileText(), false);
      if (secretKey != null) {
        writeFile(secret, secretFileText(), true);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write CURVE keys to " + dir + ": " + e, e);
    }
    return files;
  }

  private static void writeFile(Path file, String text, boolean secret) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** This key's public half alone. */
  public CurveKeys publicPart() {
    return secretKey == null ? this : publicOnly(publicKey);
  }

  /** The text of {@code NAME.key}, in the zcert format. */
  public String publicFileText() {
    return header("ZeroMQ CURVE Public Certificate", "Exchange securely, or use a secure mechanism")
        + "curve\n    public-key = \""
        + publicKey
        + "\"\n";
  }

  /** The text of {@code NAME.key_secret}, in the zcert format. */
  public String secretFileText() {
    Objects.requireNonNull(secretKey, "this is a public key alone");
    return header(
            "ZeroMQ CURVE **Secret** Certificate",
            "DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.")
        + "curve\n    public-key = \""
        + publicKey
        + "\"\n    secret-key = \""
        + secretKey
        + "\"\n";
  }

  /** Like the record's, with the secret key masked. */
  @Override
  public String toString() {
    return "CurveKeys[publicKey="
        + publicKey
        + ", secretKey="
        + (secretKey == null ? null : "***")
        + "]";
  }

  private static String header(String title, String advice) {
    return "#   ****  Generated by jobwire keys generate  ****\n#   "
        + title
        + "\n#   "
        + advice
        + "\n\nmetadata\n";
  }

  private static void requireZ85(String key, String name) {
    if (!isZ85Key(key)) {
      throw new IllegalArgumentException(
          name
              + " must be a 40-character Z85 key, got "
              + (key == null ? "none" : key.length() + " characters"));
    }
  }
}
