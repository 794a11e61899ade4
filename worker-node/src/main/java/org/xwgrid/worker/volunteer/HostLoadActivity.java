package org.xwgrid.worker.volunteer;

import java.util.Objects;

/**
 * The owner counts as active while the load of other processes than the worker's tasks is above a
 * threshold (a share of all the host's cores). Each {@link #active()} takes one {@link
 * HostLoad#sample()}, covering the time since the previous one.
 */
public final class HostLoadActivity implements OwnerActivity {

  private final HostLoad load;
  private final double threshold;
  private volatile HostLoad.Reading last = new HostLoad.Reading(0, 0, 0);

  public HostLoadActivity(HostLoad load, double threshold) {
    this.load = Objects.requireNonNull(load);
    this.threshold = threshold;
  }

  @Override
  public boolean active() {
    last = load.sample();
    return last.others() > threshold;
  }

  /** The reading behind the last answer (for logs). */
  public HostLoad.Reading lastReading() {
    return last;
  }
}
