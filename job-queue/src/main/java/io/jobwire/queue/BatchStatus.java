package io.jobwire.queue;

/**
 * A batch's state as kept in Redis.
 *
 * @param state {@code open} while children run, {@code complete} once every one finished
 * @param total its children (the callback not counted)
 * @param succeeded children that produced a result
 * @param failed children that ended otherwise (failed, dead, cancelled, or a dependency failed)
 * @param callback the callback job's id, or null
 * @param callbackState the callback's final state once it finished, else null
 */
public record BatchStatus(
    String batch,
    String state,
    int total,
    int succeeded,
    int failed,
    String callback,
    String callbackState) {

  /** Children finished so far, whatever their outcome. */
  public int finished() {
    return succeeded + failed;
  }

  public boolean complete() {
    return "complete".equals(state);
  }
}
