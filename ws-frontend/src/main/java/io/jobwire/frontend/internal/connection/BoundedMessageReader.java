package io.jobwire.frontend.internal.connection;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.ChannelListener;

/**
 * Reads one whole WebSocket message (all its fragments) without blocking, keeping at most {@code
 * limit} bytes. A longer message is read to its end and thrown away, so the connection stays in
 * step and usable: the caller answers {@code frame_too_large} instead of Undertow closing with 1009
 * as its own size limit would.
 */
final class BoundedMessageReader implements ChannelListener<StreamSourceFrameChannel> {

  /** Called on the IO thread once the message has been read to its end. */
  interface Done {
    void read(byte[] body);

    void tooLarge(long size);

    void failed(IOException error);
  }

  private final long limit;
  private final Done done;
  private ByteArrayOutputStream body = new ByteArrayOutputStream();
  private long size;
  private boolean finished;

  private BoundedMessageReader(long limit, Done done) {
    this.limit = limit;
    this.done = done;
  }

  static void read(StreamSourceFrameChannel message, long limit, Done done) {
    BoundedMessageReader reader = new BoundedMessageReader(limit, done);
    reader.readAvailable(message);
    if (!reader.finished) {
      message.getReadSetter().set(reader);
      message.resumeReads();
    }
  }

  @Override
  public void handleEvent(StreamSourceFrameChannel message) {
    if (!finished) {
      readAvailable(message);
    }
  }

  private void readAvailable(StreamSourceFrameChannel message) {
    try (PooledByteBuffer pooled = message.getWebSocketChannel().getBufferPool().allocate()) {
      ByteBuffer buffer = pooled.getBuffer();
      while (true) {
        buffer.clear();
        int count = message.read(buffer);
        if (count == 0) {
          return;
        }
        if (count < 0) {
          finish();
          return;
        }
        size += count;
        keep(buffer);
      }
    } catch (IOException e) {
      finished = true;
      done.failed(e);
    }
  }

  private void keep(ByteBuffer buffer) {
    if (size > limit) {
      body = null;
      return;
    }
    buffer.flip();
    byte[] chunk = new byte[buffer.remaining()];
    buffer.get(chunk);
    body.writeBytes(chunk);
  }

  private void finish() {
    finished = true;
    if (body == null) {
      done.tooLarge(size);
    } else {
      done.read(body.toByteArray());
    }
  }
}
