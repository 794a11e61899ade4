package org.xwgrid.worker.volunteer;

import java.util.function.LongSupplier;

/**
 * Says whether the host's owner is using it now. Implementations may do I/O (read {@code
 * /proc/stat}, look for a file): ask once per sample interval, off the actor's thread if in doubt.
 */
@FunctionalInterface
public interface OwnerActivity {

  /** True when the owner counts as active now. */
  boolean active();

  /**
   * Active when this one or {@code other} is. Both are always asked (no short cut), so that a
   * load keeps being sampled at a steady pace.
   */
  default OwnerActivity or(OwnerActivity other) {
    return () -> active() | other.active();
  }

  /** An owner who never counts as active. */
  static OwnerActivity never() {
    return () -> false;
  }

  /**
   * The owner's activity as {@code settings} define it: under policies that watch the owner, the
   * host's load above {@code idle.threshold} (unless it is 1) or the SIMULATED OWNER file's
   * presence, either one; under the others, never.
   *
   * @param ownTasksCpuNanos total CPU nanoseconds of the worker's own tasks (see {@link HostLoad})
   * @throws java.io.UncheckedIOException if the load is needed and {@code /proc/stat} cannot be read
   */
  static OwnerActivity fromSettings(VolunteerSettings settings, LongSupplier ownTasksCpuNanos) {
    if (!settings.policy().watchesOwner()) {
      return never();
    }
    OwnerActivity a = settings.idleThreshold() < 1
        ? new HostLoadActivity(HostLoad.create(ownTasksCpuNanos), settings.idleThreshold())
        : never();
    return settings.simulatedOwnerFile() == null ? a : a.or(new SimulatedOwnerFile(settings.simulatedOwnerFile()));
  }
}
