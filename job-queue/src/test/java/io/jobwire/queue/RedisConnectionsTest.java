package io.jobwire.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.internal.RedisEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisConnectionsTest {

  @Test
  void reads_a_sentinel_uri_with_credentials_and_database() {
    var endpoint =
        RedisEndpoint.parse("redis-sentinel://app:s%40cret@s1:26380,s2/jobwire-main?db=2");

    assertTrue(endpoint.sentinel());
    assertEquals(
        List.of(new HostAndPort("s1", 26380), new HostAndPort("s2", 26379)), endpoint.hosts());
    assertEquals("jobwire-main", endpoint.masterName());
    assertEquals("app", endpoint.user());
    assertEquals("s@cret", endpoint.password());
    assertEquals(2, endpoint.database());
  }

  @Test
  void reads_a_cluster_uri_and_a_single_server_uri() {
    var cluster = RedisEndpoint.parse("redis-cluster://:pw@n1:7000,n2");
    var single = RedisEndpoint.parse("redis://127.0.0.1:6379");

    assertTrue(cluster.cluster());
    assertEquals(
        List.of(new HostAndPort("n1", 7000), new HostAndPort("n2", 6379)), cluster.hosts());
    assertNull(cluster.user());
    assertEquals("pw", cluster.password());
    assertFalse(single.cluster() || single.sentinel());
  }

  @Test
  void rejects_bad_uris_saying_what_a_good_one_looks_like() {
    for (String bad :
        List.of(
            "localhost:6379",
            "redis-sentinel://s1:26379",
            "redis-sentinel://s1:26379/",
            "redis-sentinel://s1:x/m",
            "redis-cluster://n1/0",
            "redis-cluster://n1?db=3")) {
      var e = assertThrows(IllegalArgumentException.class, () -> RedisConnections.validate(bad));
      assertTrue(e.getMessage().contains("redis-sentinel://"), e.getMessage());
    }
  }

  @Test
  void hides_the_password_in_logs() {
    assertEquals(
        "redis-sentinel://app:***@s1,s2/m",
        RedisConnections.redacted("redis-sentinel://app:pw@s1,s2/m"));
    assertEquals("redis://***@h:1", RedisConnections.redacted("redis://pw@h:1"));
    assertEquals("redis://h:1", RedisConnections.redacted("redis://h:1"));
  }
}
