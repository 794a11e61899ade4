package org.xwgrid.worker.net;

/** Who calls the worker endpoints: the id the dispatcher gave and the Bearer token that goes with it. */
public record WorkerCredentials(String workerId, String token) {
  public WorkerCredentials {
    if (workerId == null || workerId.isBlank() || token == null || token.isBlank()) {
      throw new IllegalArgumentException("worker id and token are required");
    }
  }

  @Override
  public String toString() {
    return "WorkerCredentials[" + workerId + "]";
  }
}
