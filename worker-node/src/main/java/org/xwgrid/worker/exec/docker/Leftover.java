package org.xwgrid.worker.exec.docker;

/**
 * A container that a previous run of this worker left behind (a crash), found and removed by
 * {@link DockerEngine#removeLeftovers()}: its id, and the replica it ran (the task folder name put
 * in its replica label; null if the label is missing).
 */
public record Leftover(String containerId, String replica) {}
