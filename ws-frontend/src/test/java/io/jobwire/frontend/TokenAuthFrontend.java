package io.jobwire.frontend;

import io.jobwire.queue.TokenStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link LiveFrontend} with {@code auth token}: a {@link TokenStore} on the class's Redis, made on
 * first use and closed after the class (before its Redis), and single-use tokens to connect with.
 */
abstract class TokenAuthFrontend extends LiveFrontend {
  private static TokenStore tokens;

  @Override
  FrontendConfig.Builder config() {
    return super.config().auth(AuthMode.TOKEN);
  }

  @Override
  TokenStore tokensForTest() {
    if (tokens == null) {
      tokens = TokenStore.redis(redis.uri());
    }
    return tokens;
  }

  /** A single-use token for {@code user}, valid for a minute. */
  String issue(String user) {
    return tokensForTest().issue(user, Duration.ofMinutes(1));
  }

  @AfterAll
  static void closeTokens() {
    if (tokens != null) {
      tokens.close();
      tokens = null;
    }
  }
}
