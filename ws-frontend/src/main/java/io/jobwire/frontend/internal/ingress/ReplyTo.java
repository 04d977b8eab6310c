package io.jobwire.frontend.internal.ingress;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where workers send their messages ({@code reply_to}): the configured endpoint, or else the one
 * the PULL socket bound. Built before the parts that advertise it (streams, shared streams,
 * takeovers); known once {@link IngressLoop#start} returned, before any job is queued.
 */
public final class ReplyTo implements Supplier<String> {
  private final String configured;
  private final CompletableFuture<String> bound = new CompletableFuture<>();

  /** {@code configured}: null for the endpoint the ingress binds. */
  public ReplyTo(String configured) {
    this.configured = configured;
  }

  @Override
  public String get() {
    if (configured != null) {
      return configured;
    }
    String endpoint = bound.getNow(null);
    if (endpoint == null) {
      throw new IllegalStateException("reply_to asked for before the ingress bound");
    }
    return endpoint;
  }

  /** True when workers are told the bound endpoint (no replyTo configured). */
  public boolean isBoundEndpoint() {
    return configured == null;
  }

  void bound(String endpoint) {
    bound.complete(endpoint);
  }
}
