package io.jobwire.client;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads server frames (RFC 6455 section 5.2; a server never masks); the reader thread owns it. */
final class FrameReader {
  /** One frame as it came. */
  record Frame(int opcode, boolean fin, byte[] payload) {
    /** The status code of a close frame; 1005 when it carries none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /** The reason of a close frame, "" when it carries none. */
    String closeReason() {
      return payload.length > 2
          ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
          : "";
    }
  }

  /** A frame would make the message larger than the client accepts. */
  static final class TooLarge extends IOException {
    TooLarge(long bytes) {
      super("message over " + bytes + " bytes");
    }
  }

  private final DataInputStream in;
  private final int maxMessageBytes;

  FrameReader(InputStream in, int maxMessageBytes) {
    this.in = in instanceof DataInputStream data ? data : new DataInputStream(in);
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The next frame; {@code buffered} bytes of its message came in earlier fragments. */
  Frame next(int buffered) throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    if (length < 0 || length + buffered > maxMessageBytes) {
      throw new TooLarge(maxMessageBytes);
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(first & 0x0F, (first & 0x80) != 0, payload);
  }
}
