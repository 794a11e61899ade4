package org.xwgrid.worker.report;

import org.xwgrid.common.api.WorkerApi.TaskReport;

/**
 * A report the dispatcher has not acknowledged yet: the report, the task folder that holds its
 * result zip (emptied for the next task once acknowledged; null when the report needs nothing of
 * a folder), and whether the zip is uploaded (always true for a failure, which has nothing to
 * upload).
 */
public record PendingReport(TaskReport report, String folder, boolean uploaded) {

  public boolean needsUpload() {
    return !uploaded && report.success() && report.result() != null;
  }

  public PendingReport asUploaded() {
    return new PendingReport(report, folder, true);
  }
}
