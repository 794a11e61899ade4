package org.xwgrid.worker.task;

import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.TaskReport;

/**
 * A replica that has stopped running: its report to send (null when it was aborted: nothing to
 * report) and the name of its task folder (see {@link TaskFolders}), to delete once settled.
 */
public record FinishedTask(ReplicaRef replica, TaskReport report, String folder) {
  public boolean aborted() {
    return report == null;
  }
}
