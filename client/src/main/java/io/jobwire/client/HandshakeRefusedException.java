package io.jobwire.client;

import java.io.IOException;
import java.util.List;

/** The server answered the WebSocket upgrade with something other than {@code 101}. */
public final class HandshakeRefusedException extends IOException {
  private final int status;
  private final List<String> headers;

  HandshakeRefusedException(String url, int status, List<String> headers) {
    super("the server refused the WebSocket upgrade of " + url + " with HTTP " + status);
    this.status = status;
    this.headers = List.copyOf(headers);
  }

  /** The HTTP status code of the answer, e.g. 400 or 403. */
  public int status() {
    return status;
  }

  /** The answer's header lines, as sent. */
  public List<String> headers() {
    return headers;
  }
}
