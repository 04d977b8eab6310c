package io.jobwire.queue;

import java.util.List;

/**
 * What {@link JobQueue#enqueueBatch} queued.
 *
 * @param batch the batch's id ({@code b-…}): {@link JobQueue#batch} reads its state
 * @param jobs the children's job ids, in the order they were added (a child that waits for others
 *     is queued under this id once they succeeded)
 * @param callback the callback job's id, or null when the batch has none
 */
public record BatchReceipt(String batch, List<String> jobs, String callback) {
  public BatchReceipt {
    jobs = List.copyOf(jobs);
  }
}
