package io.jobwire.broker.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.internal.RedisJobQueue;
import io.jobwire.queue.redis.EnqueueArgs;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.testing.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipelines (a chunked enqueue; acks with a claim) reach the namespace's node in a cluster. */
class ClusterPipelineTest {

  @Test
  void chunked_enqueue_and_acks_with_a_claim_work_on_a_redis_cluster() {
    assumeTrue(TestCluster.available() || System.getenv("CI") != null, "no redis-server");
    try (var cluster = TestCluster.start()) {
      cluster.awaitOk(Duration.ofSeconds(30));
      BrokerConfig config = BrokerConfig.builder().redisUri(cluster.uri()).build();
      try (var queue = new RedisJobQueue(config.queueConfig());
          var store = new BrokerStore(new RedisGateway(config.queueConfig()), config)) {
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < EnqueueArgs.SCRIPT_JOBS + 1; i++) {
          requests.add(JobRequest.of("t", null));
        }
        List<String> ids = queue.enqueue(requests);
        assertEquals(EnqueueArgs.SCRIPT_JOBS + 1, ids.size());

        Claim first = store.claim("t", List.of("w-1"), new ArrayList<>(), 1);
        Job done = first.jobs().get(0);
        List<String> acks = new ArrayList<>(List.of("w-1", done.id()));
        Claim second = store.claim("t", List.of("w-1"), acks, 2);

        assertTrue(acks.isEmpty());
        assertEquals(ids.get(1), second.jobs().get(0).id());
        assertEquals(
            JobState.SUCCEEDED, queue.status(done.id()).map(JobStatus::state).orElseThrow());
      }
    }
  }
}
