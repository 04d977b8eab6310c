package io.jobwire.frontend.internal.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Unit-test wire: keeps what would have been sent, in order. */
public final class RecordingOutbound implements Outbound {
  private final List<String> sent = new ArrayList<>();
  private boolean open = true;

  @Override
  public synchronized void sendText(String text) {
    if (open) {
      sent.add(text);
    }
  }

  @Override
  public synchronized void close(int code, String reason) {
    open = false;
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  public synchronized List<JsonNode> sent() {
    List<JsonNode> frames = new ArrayList<>();
    for (String text : sent) {
      try {
        frames.add(Codec.mapper().readTree(text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return frames;
  }

  /** The ops sent so far, e.g. {@code [subscribed, progress]}. */
  public synchronized List<String> ops() {
    return sent().stream().map(frame -> frame.path("op").asText()).toList();
  }
}
