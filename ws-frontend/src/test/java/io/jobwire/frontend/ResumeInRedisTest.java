package io.jobwire.frontend;

/** {@link ResumeTest} with subscription state and history written through to Redis. */
class ResumeInRedisTest extends ResumeTest {
  @Override
  FrontendConfig.Builder config() {
    return super.config().cluster(ClusterConfig.redis(redis.uri()));
  }
}
