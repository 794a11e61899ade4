package org.xwgrid.common.api;

/** Life of a replica, after iexec-core's; the worker reports the middle ones as progress. */
public enum ReplicaState {
  ASSIGNED,
  DOWNLOADING,
  COMPUTING,
  UPLOADING,
  COMPLETED,
  FAILED,
  LOST,
  ABORTED
}
