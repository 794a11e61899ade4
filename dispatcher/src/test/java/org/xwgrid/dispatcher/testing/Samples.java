package org.xwgrid.dispatcher.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.dispatcher.job.JobSpec;

/** Sample values of the domain, the same in every test. */
public final class Samples {
  public static final String OWNER = "alice";
  public static final Instant SUBMITTED_AT = Instant.parse("2026-01-01T00:00:00Z");

  private Samples() {}

  /** A valid SHA-256 hex, derived from {@code seed}. */
  public static String sha(String seed) {
    return Hashes.sha256Hex(seed);
  }

  /** A 32-byte value as 0x + 64 hex, derived from {@code seed}. */
  public static String hex32(String seed) {
    return "0x" + sha(seed);
  }

  public static DataRef data(String name) {
    return new DataRef(sha(name), 1000 + name.length(), name);
  }

  public static AppView app() {
    return new AppView(
        "vanitygen", "1.2", "native", data("vanitygen.zip"), List.of("bin/vanitygen", "--quiet"),
        Requirements.ANY, "finds vanity addresses", OWNER, Instant.parse("2025-12-31T12:00:00Z"));
  }

  public static Capabilities linux(int cores, long memoryMb, String... tags) {
    return new Capabilities("linux", "amd64", cores, memoryMb, List.of(tags));
  }

  public static Capabilities linux() {
    return linux(4, 8192);
  }

  /** A job of {@code tasks} tasks with an {@code {index}} argument, one input, a 60 s timeout. */
  public static JobSpec job(String id, int tasks) {
    return job(id, tasks, 3, 60_000);
  }

  public static JobSpec job(String id, int tasks, int maxFailures, long timeoutMs) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("prefix", "1Lo");
    args.put("seed", "s{index}");
    return new JobSpec(
        id, "vanity " + id, OWNER, app(), tasks, args, Map.of(), List.of(data("words.txt")), timeoutMs,
        maxFailures, new Requirements("linux", null, 1, 0, List.of()), SUBMITTED_AT);
  }
}
