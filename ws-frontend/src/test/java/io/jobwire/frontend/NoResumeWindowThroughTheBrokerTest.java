package io.jobwire.frontend;

import java.time.Duration;

/**
 * {@link ThroughTheBrokerTest} as {@code jobwire frontend --resume-ms 0} runs it: history in Redis
 * and no resume window. The final message (a result, or the broker's {@code failed}) still reaches
 * the connected client although its subscription ends with it.
 */
class NoResumeWindowThroughTheBrokerTest extends ThroughTheBrokerTest {
  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .cluster(ClusterConfig.redis(redis.uri()))
        .resume(new ResumeWindow(ResumeWindow.DEFAULT_MAX_MESSAGES, Duration.ZERO));
  }
}
