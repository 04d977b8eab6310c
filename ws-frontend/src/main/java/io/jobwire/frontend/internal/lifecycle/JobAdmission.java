package io.jobwire.frontend.internal.lifecycle;

import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.internal.connection.ClientConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --max-jobs-per-user}: how many subscriptions one user (one connection when anonymous) may
 * have whose jobs are queued or running, so that one user cannot take every worker slot. A topic
 * with its own {@code max_jobs_per_user} has a budget of its own. Counted by this front end.
 *
 * <p>Admitted on IO threads, released where a subscription finishes or ends ({@code
 * jobwire-ingress}, {@code jobwire-timer}, IO threads): any thread.
 */
final class JobAdmission {
  private final FrontendConfig config;
  private final Map<String, String> budgetOf = new ConcurrentHashMap<>(); // sub id -> budget
  private final Map<String, Integer> counts = new ConcurrentHashMap<>(); // budget -> subs

  JobAdmission(FrontendConfig config) {
    this.config = config;
  }

  /** Counts subscription {@code sub}; null when admitted, else what the client is told. */
  String admit(ClientConnection connection, String topic, String sub) {
    int own = config.optionsOf(topic).maxJobsPerUser();
    int limit = own > 0 ? own : config.limits().maxJobsPerUser();
    String who = connection.user() != null ? "u:" + connection.user() : "c:" + connection.id();
    String budget = own > 0 ? who + "|" + topic : who;
    boolean[] admitted = {false};
    counts.compute(
        budget,
        (key, count) -> {
          int now = count == null ? 0 : count;
          if (now >= limit) {
            return count;
          }
          admitted[0] = true;
          return now + 1;
        });
    if (!admitted[0]) {
      return "at most "
          + limit
          + " jobs queued or running at once"
          + (connection.user() != null ? " for user " + connection.user() : " per connection")
          + (own > 0 ? " on topic " + topic : "")
          + "; wait for one to finish or unsubscribe";
    }
    budgetOf.put(sub, budget);
    return null;
  }

  /** Subscription {@code sub} finished or ended; once per subscription counts, more are no-ops. */
  void release(String sub) {
    String budget = budgetOf.remove(sub);
    if (budget != null) {
      counts.computeIfPresent(budget, (key, count) -> count <= 1 ? null : count - 1);
    }
  }
}
