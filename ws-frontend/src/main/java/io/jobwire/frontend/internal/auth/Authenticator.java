package io.jobwire.frontend.internal.auth;

import io.jobwire.frontend.AuthMode;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.protocol.ErrorCode;
import io.jobwire.queue.TokenStore;
import io.jobwire.runtime.NamedThreads;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who a connection is, from a token presented as {@code ?token=} or in the {@code auth} op.
 *
 * <p>Token mode consumes the token in Redis, which blocks, so it runs on the {@code jobwire-auth}
 * threads (bounded backlog); so does JWT with a JWKS URL (it may fetch keys). HS256 alone is a hash
 * and runs where it is asked.
 */
public final class Authenticator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
  private static final int THREADS = 2;
  private static final int BACKLOG = 1_000;

  /** The outcome of one check: a user, or the error the client hears. */
  public record Verdict(String user, ErrorCode code, String message) {
    static Verdict of(String user) {
      return new Verdict(user, null, null);
    }

    static Verdict refused(String message) {
      return new Verdict(null, ErrorCode.UNAUTHORIZED, message);
    }

    public boolean ok() {
      return user != null;
    }
  }

  private final AuthMode mode;
  private final TokenStore tokens;
  private final Jwt jwt;
  private final ThreadPoolExecutor executor;

  public Authenticator(FrontendConfig config, TokenStore tokens) {
    this.mode = config.auth();
    this.tokens = tokens;
    this.jwt =
        mode == AuthMode.JWT ? new Jwt(config.jwtSecret(), config.jwt(), config.clock()) : null;
    if (mode == AuthMode.TOKEN && tokens == null) {
      throw new IllegalArgumentException(
          "auth token needs a TokenStore: Frontend.start(config," + " queue, tokens)");
    }
    this.executor =
        mode == AuthMode.TOKEN || (jwt != null && jwt.fetchesKeys())
            ? new ThreadPoolExecutor(
                THREADS,
                THREADS,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(BACKLOG),
                new NamedThreads("jobwire-auth"))
            : null;
  }

  /** True when connections must authenticate before anything but {@code auth} and {@code ping}. */
  public boolean required() {
    return mode != AuthMode.NONE;
  }

  AuthMode mode() {
    return mode;
  }

  /**
   * Checks a token and hands the verdict to {@code done}: at once for JWT, on a {@code
   * jobwire-auth} thread for single-use tokens. Never blocks the caller.
   */
  public void check(String token, Consumer<Verdict> done) {
    if (mode == AuthMode.JWT && executor == null) {
      done.accept(verifyJwt(token));
      return;
    }
    if (mode != AuthMode.TOKEN) {
      done.accept(new Verdict(null, ErrorCode.BAD_REQUEST, "authentication is off here"));
      return;
    }
    try {
      executor.execute(() -> done.accept(checkHere(token)));
    } catch (RejectedExecutionException e) {
      done.accept(
          new Verdict(null, ErrorCode.UNAVAILABLE, "too many logins in progress; try again"));
    }
  }

  /** An executor that runs handshakes needing a token check off the IO thread. */
  public Executor handshakeExecutor() {
    return executor != null ? executor : Runnable::run;
  }

  /** Checks on the calling thread (which may block); for handshakes already off the IO thread. */
  public Verdict checkHere(String token) {
    return switch (mode) {
      case JWT -> verifyJwt(token);
      case TOKEN -> consume(token);
      case NONE -> new Verdict(null, ErrorCode.BAD_REQUEST, "authentication is off here");
    };
  }

  private Verdict verifyJwt(String token) {
    try {
      return Verdict.of(jwt.verify(token));
    } catch (Jwt.Invalid e) {
      return Verdict.refused("invalid token: " + e.getMessage());
    }
  }

  private Verdict consume(String token) {
    try {
      Optional<String> user = tokens.consume(token);
      return user.map(Verdict::of)
          .orElseGet(() -> Verdict.refused("unknown token: expired, already used or never issued"));
    } catch (RuntimeException e) {
      log.warn("token check failed: {}", e.toString());
      return new Verdict(
          null, ErrorCode.UNAVAILABLE, "cannot check the token now (token store unavailable)");
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
