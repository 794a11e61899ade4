package org.xwgrid.worker.session;

import org.xwgrid.worker.net.WorkerCredentials;

/** What {@code <work-dir>/worker.json} holds: the id and token the dispatcher gave this worker. */
public record WorkerIdentity(String workerId, String workerToken) {

  public WorkerCredentials credentials() {
    return new WorkerCredentials(workerId, workerToken);
  }

  @Override
  public String toString() {
    return "WorkerIdentity[" + workerId + "]";
  }
}
