package org.xwgrid.client.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.DataRef;

/** How the command line shows records to people. */
public final class Views {
  /** Task states in the order they are shown. */
  public static final List<String> TASK_STATES = List.of("PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED");

  private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "CANCELLED");

  private Views() {}

  /** True once the job will change no more: COMPLETED, FAILED or CANCELLED. */
  public static boolean isFinished(JobView job) {
    return FINISHED.contains(job.state());
  }

  public static int count(JobView job, String state) {
    Integer n = job.counts() == null ? null : job.counts().get(state);
    return n == null ? 0 : n;
  }

  /** Tasks that will not run again: completed, failed or cancelled. */
  public static int done(JobView job) {
    return count(job, "COMPLETED") + count(job, "FAILED") + count(job, "CANCELLED");
  }

  /**
   * One line: {@code job ID (NAME) STATE: N tasks, 1 pending, 2 running, 3 completed, 0 failed, 0
   * cancelled}; any other count the dispatcher sends follows.
   */
  public static String summary(JobView job) {
    StringBuilder sb = new StringBuilder("job ").append(job.id());
    if (job.name() != null && !job.name().isEmpty()) {
      sb.append(" (").append(job.name()).append(')');
    }
    sb.append(' ').append(job.state()).append(": ").append(job.tasks()).append(job.tasks() == 1 ? " task" : " tasks");
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String s : TASK_STATES) {
      counts.put(s, count(job, s));
    }
    if (job.counts() != null) {
      job.counts().forEach(counts::putIfAbsent);
    }
    counts.forEach((state, n) -> sb.append(", ").append(n).append(' ').append(state.toLowerCase(java.util.Locale.ROOT)));
    return sb.toString();
  }

  /** The first 12 hex digits of a sha256, enough to tell blobs apart on a screen. */
  public static String shortSha(String sha256) {
    return sha256 == null ? null : sha256.length() <= 12 ? sha256 : sha256.substring(0, 12);
  }

  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }

  public static String memoryMb(long mb) {
    return mb >= 1024 && mb % 1024 == 0 ? (mb / 1024) + " GiB" : mb + " MiB";
  }

  public static String dataRef(DataRef ref) {
    return ref == null ? null : shortSha(ref.sha256()) + " (" + size(ref.size()) + ")";
  }

  /** ISO-8601 to the second, UTC. */
  public static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
