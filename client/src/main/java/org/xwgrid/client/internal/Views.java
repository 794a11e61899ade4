package org.xwgrid.client.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.PocoView;
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
    counts.forEach((state, n) -> sb.append(", ").append(n).append(' ').append(state.toLowerCase(Locale.ROOT)));
    return sb.toString();
  }

  /**
   * The Proof-of-Contribution terms of a certified job ({@code trust} > 0) on one line: {@code
   * certified: trust 100, category S, price 5 credits per task}; null for a job that is not.
   */
  public static String certification(JobView job) {
    if (job.trust() <= 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder("certified: trust ").append(job.trust());
    if (job.category() != null && !job.category().isEmpty()) {
      sb.append(", category ").append(job.category());
    }
    return sb.append(", price ").append(job.price()).append(job.price() == 1 ? " credit" : " credits")
        .append(" per task").toString();
  }

  /**
   * A certified task's state on one line: {@code PHASE, credibility 0.9931 / 0.9900, consensus
   * 0x3f2a9c1b…, uploader w-2} (or {@code no consensus yet}).
   */
  public static String poco(PocoView poco) {
    StringBuilder sb = new StringBuilder(poco.phase() == null ? "-" : poco.phase())
        .append(", credibility ").append(credibility(poco.credibility(), poco.threshold()));
    if (poco.consensusHash() == null) {
      sb.append(", no consensus yet");
    } else {
      sb.append(", consensus ").append(hashPrefix(poco.consensusHash()));
    }
    if (poco.uploader() != null) {
      sb.append(", uploader ").append(poco.uploader());
    }
    return sb.toString();
  }

  /**
   * {@code 0.9931 / 0.9900}: the leading result's credibility against the threshold, to four
   * places, cut rather than rounded so that a credibility just under the threshold never shows as
   * reaching it.
   */
  public static String credibility(double credibility, double threshold) {
    return fourPlaces(credibility) + " / " + fourPlaces(threshold);
  }

  private static String fourPlaces(double x) {
    if (!Double.isFinite(x)) {
      return String.valueOf(x);
    }
    // BigDecimal.valueOf goes through the shortest decimal of x, so 0.9931 stays 0.9931
    return BigDecimal.valueOf(x).setScale(4, RoundingMode.DOWN).toPlainString();
  }

  /** {@code 0x3f2a9c1b…}: the first 10 characters of a hash, enough to tell results apart. */
  public static String hashPrefix(String hash) {
    return hash == null || hash.length() <= 10 ? hash : hash.substring(0, 10) + "…";
  }

  /** {@code 0x1234…abcd}: enough to tell worker addresses apart in a table; --json has them whole. */
  public static String shortAddress(String address) {
    return address == null || address.length() < 12 ? address : address.substring(0, 6) + "…" + address.substring(address.length() - 4);
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
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
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
