package org.xwgrid.worker.volunteer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The volunteer mode's settings, read once from {@code xwgrid.worker.volunteer} (see {@code
 * reference.conf}); the constructor checks every value and says which key is wrong and why.
 *
 * @param policy when the host is lent
 * @param idleThreshold other processes' CPU load (share of all cores, 0 &lt; t &lt;= 1) above which
 *     the owner counts as active; 1 = the load never counts
 * @param idlePeriod how long the owner must stay inactive before work starts or resumes
 * @param windows the weekly windows and their time zone (empty unless the policy uses them)
 * @param maxCpuShare share of the host's cores the worker may use (0 &lt; s &lt;= 1), see {@link CpuBudget}
 * @param grace how long tasks may stay paused before they are withdrawn
 * @param sampleInterval how often to sample the owner's activity and the windows
 * @param simulatedOwnerFile SIMULATED OWNER, for tests and demos: while this file exists the owner
 *     counts as active; null = none
 */
public record VolunteerSettings(
    Policy policy,
    double idleThreshold,
    Duration idlePeriod,
    TimeWindows windows,
    double maxCpuShare,
    Duration grace,
    Duration sampleInterval,
    Path simulatedOwnerFile) {

  public static final String PATH = "xwgrid.worker.volunteer";

  public VolunteerSettings {
    if (policy == null || idlePeriod == null || windows == null || grace == null || sampleInterval == null) {
      throw new IllegalArgumentException(PATH + ": policy, idle.period, windows, grace and sample-interval are required");
    }
    if (!(idleThreshold > 0 && idleThreshold <= 1)) {
      throw bad("idle.threshold", "must be a share of the host's cores, 0 < threshold <= 1 (e.g. 0.25)", idleThreshold);
    }
    if (!(maxCpuShare > 0 && maxCpuShare <= 1)) {
      throw bad("max-cpu-share", "must be a share of the host's cores, 0 < share <= 1 (e.g. 0.5)", maxCpuShare);
    }
    if (idlePeriod.isNegative()) {
      throw bad("idle.period", "must not be negative", idlePeriod);
    }
    if (grace.isNegative()) {
      throw bad("grace", "must not be negative", grace);
    }
    if (sampleInterval.isNegative() || sampleInterval.isZero()) {
      throw bad("sample-interval", "must be positive (e.g. 1s)", sampleInterval);
    }
    if (policy.usesWindows() && windows.isEmpty()) {
      throw new IllegalArgumentException(
          PATH + ".windows must not be empty under policy " + policy + " (e.g. [\"Mon-Fri 19:00-07:00\", \"Sat-Sun\"])");
    }
    if (!policy.usesWindows() && !windows.isEmpty()) {
      throw new IllegalArgumentException(
          PATH + ".windows " + windows.specs() + " are set but policy " + policy
              + " ignores them (use windows or idle-and-windows, or windows = [])");
    }
    if (simulatedOwnerFile != null && !policy.watchesOwner()) {
      throw new IllegalArgumentException(
          PATH + ".owner-activity-file is set but policy " + policy
              + " ignores the owner (use idle or idle-and-windows, or owner-activity-file = \"\")");
    }
  }

  /** Reads {@code xwgrid.worker.volunteer} of {@code config} (which should include the reference.conf). */
  public static VolunteerSettings fromConfig(Config config) {
    return read(new Reader(config.getConfig(PATH)));
  }

  /**
   * The keys {@link #fromConfig} reads, relative to {@code xwgrid.worker} (e.g. {@code
   * volunteer.policy}), for the worker's dead-config test.
   */
  public static Set<String> keysRead(Config config) {
    Reader r = new Reader(config.getConfig(PATH));
    read(r);
    Set<String> keys = new TreeSet<>();
    r.read.forEach(k -> keys.add("volunteer." + k));
    return keys;
  }

  private static VolunteerSettings read(Reader c) {
    Policy policy = c.get("policy", () -> Policy.parse(c.config.getString("policy")));
    ZoneId zone = c.get("time-zone", () -> zone(c.config.getString("time-zone")));
    TimeWindows windows = c.get("windows", () -> TimeWindows.parse(c.config.getStringList("windows"), zone));
    String file = c.get("owner-activity-file", () -> c.config.getString("owner-activity-file"));
    return new VolunteerSettings(
        policy,
        c.get("idle.threshold", () -> c.config.getDouble("idle.threshold")),
        c.get("idle.period", () -> c.config.getDuration("idle.period")),
        windows,
        c.get("max-cpu-share", () -> c.config.getDouble("max-cpu-share")),
        c.get("grace", () -> c.config.getDuration("grace")),
        c.get("sample-interval", () -> c.config.getDuration("sample-interval")),
        c.get("owner-activity-file", () -> file.isBlank() ? null : Path.of(file.strip())));
  }

  /** The zone of the windows. */
  public ZoneId timeZone() {
    return windows.zone();
  }

  /** A copy under another policy (a command-line flag); checked like the original. */
  public VolunteerSettings withPolicy(Policy p) {
    return new VolunteerSettings(p, idleThreshold, idlePeriod, windows, maxCpuShare, grace, sampleInterval, simulatedOwnerFile);
  }

  /** A copy with another SIMULATED OWNER file (tests and demos); null = none. */
  public VolunteerSettings withSimulatedOwnerFile(Path f) {
    return new VolunteerSettings(policy, idleThreshold, idlePeriod, windows, maxCpuShare, grace, sampleInterval, f);
  }

  private static ZoneId zone(String s) {
    if (s.isBlank()) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(s.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "unknown time zone '" + s + "' (expected e.g. Europe/Paris, UTC or +02:00, or \"\" for the system's)", e);
    }
  }

  private static IllegalArgumentException bad(String key, String what, Object was) {
    return new IllegalArgumentException(PATH + "." + key + " " + what + ", was " + was);
  }

  /** Reads keys, remembers which, and names the key in any error. */
  private static final class Reader {
    private final Config config;
    private final Set<String> read = new TreeSet<>();

    Reader(Config config) {
      this.config = config;
    }

    <T> T get(String key, Supplier<T> value) {
      read.add(key);
      try {
        return value.get();
      } catch (ConfigException | IllegalArgumentException e) {
        throw new IllegalArgumentException(PATH + "." + key + ": " + e.getMessage(), e);
      }
    }
  }
}
