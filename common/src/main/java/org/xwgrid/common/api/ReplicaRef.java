package org.xwgrid.common.api;

import org.xwgrid.common.CborSerializable;

/** One execution of one task: the job, the task's index in it and the attempt number (from 1). */
public record ReplicaRef(String jobId, int taskIndex, int attempt) implements CborSerializable {
  @Override
  public String toString() {
    return jobId + "/" + taskIndex + "#" + attempt;
  }
}
