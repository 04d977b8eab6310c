package io.jobwire.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;

/** Writes masked client frames (RFC 6455 section 5.2); callers hold the client's send lock. */
final class FrameWriter {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  private final OutputStream out;

  FrameWriter(OutputStream out) {
    this.out = out;
  }

  /** One frame, in one write so that a frame never leaves in pieces on its own. */
  void write(int opcode, boolean fin, byte[] payload) throws IOException {
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    int header = payload.length < 126 ? 6 : payload.length <= 0xFFFF ? 8 : 14;
    byte[] frame = new byte[header + payload.length];
    frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
    int at;
    if (payload.length < 126) {
      frame[1] = (byte) (0x80 | payload.length);
      at = 2;
    } else if (payload.length <= 0xFFFF) {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (payload.length >>> 8);
      frame[3] = (byte) payload.length;
      at = 4;
    } else {
      frame[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) ((long) payload.length >>> (56 - 8 * i));
      }
      at = 10;
    }
    System.arraycopy(mask, 0, frame, at, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[at + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    out.write(frame);
    out.flush();
  }
}
