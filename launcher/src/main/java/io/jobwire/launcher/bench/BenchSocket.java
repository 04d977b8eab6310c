package io.jobwire.launcher.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One bench WebSocket connection: hands every text frame, whole, to a callback (on the HTTP
 * client's threads) and serializes sends, which the JDK WebSocket requires. Scenarios look at
 * frames with plain string tests instead of a JSON parse, so the client's own CPU cost, which
 * shares the machine with the server, stays small.
 */
final class BenchSocket implements AutoCloseable {
  private final WebSocket socket;

  private BenchSocket(WebSocket socket) {
    this.socket = socket;
  }

  static BenchSocket connect(HttpClient http, String url, Consumer<String> frames) {
    WebSocket socket =
        http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create(url), new Listener(frames))
            .join();
    return new BenchSocket(socket);
  }

  /** Sends one text frame; blocks until it is handed to the socket. Thread-safe. */
  void send(String text) {
    synchronized (this) {
      socket.sendText(text, true).join();
    }
  }

  @Override
  public void close() {
    socket.abort();
  }

  /** True when {@code frame} is a server message of kind {@code op} (the codec writes op first). */
  static boolean is(String frame, String op) {
    return frame.startsWith("{\"op\":\"" + op + "\"");
  }

  /** The long after {@code "name":} in {@code frame}, or -1. */
  static long longField(String frame, String name) {
    String key = "\"" + name + "\":";
    int at = frame.indexOf(key);
    if (at < 0) {
      return -1;
    }
    int i = at + key.length();
    long value = 0;
    boolean any = false;
    while (i < frame.length() && Character.isDigit(frame.charAt(i))) {
      value = value * 10 + (frame.charAt(i++) - '0');
      any = true;
    }
    return any ? value : -1;
  }

  private static final class Listener implements WebSocket.Listener {
    private final Consumer<String> frames;
    private StringBuilder partial;

    Listener(Consumer<String> frames) {
      this.frames = frames;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      if (last && partial == null) {
        frames.accept(data.toString());
      } else {
        if (partial == null) {
          partial = new StringBuilder();
        }
        partial.append(data);
        if (last) {
          frames.accept(partial.toString());
          partial = null;
        }
      }
      socket.request(1);
      return null;
    }
  }
}
