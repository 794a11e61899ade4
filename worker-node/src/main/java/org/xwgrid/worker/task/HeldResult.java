package org.xwgrid.worker.task;

import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;

/**
 * The output of a certified replica, kept by the worker after its contribution: the task id,
 * the {@code digest} it committed to (0x + 64 hex, exactly what it reveals) and its zip ({@code
 * result.zip} next to it, uploaded when the dispatcher asks).
 */
public record HeldResult(ReplicaRef replica, String taskId, String digest, DataRef zip) {}
