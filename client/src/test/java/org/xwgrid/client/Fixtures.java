package org.xwgrid.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.PocoView;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.ClientApi.WorkerView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.Requirements;

/** Canned views built from the real records, for the {@link TestingGateway}. */
public final class Fixtures {
  public static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  public static final String SHA = "a".repeat(64);

  private Fixtures() {}

  /** A job of {@code tasks} tasks with the given counts, in order PENDING, RUNNING, COMPLETED, FAILED, CANCELLED. */
  public static JobView job(String id, String state, int tasks, int... counts) {
    String[] keys = {"PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"};
    Map<String, Integer> c = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      c.put(keys[i], i < counts.length ? counts[i] : 0);
    }
    boolean done = !state.equals("RUNNING");
    return new JobView(id, "job-" + id, "alice", "pi", state, tasks, c, T0, done ? T0.plusSeconds(60) : null, 0, null, 0);
  }

  /** {@link #job} certified by Proof-of-Contribution at {@code trust}, in category S, for {@code price} per task. */
  public static JobView certifiedJob(String id, String state, int trust, long price, int tasks, int... counts) {
    JobView j = job(id, state, tasks, counts);
    return new JobView(j.id(), j.name(), j.owner(), j.app(), j.state(), j.tasks(), j.counts(), j.submittedAt(),
        j.finishedAt(), trust, "S", price);
  }

  public static AppView app(String name) {
    return new AppView(
        name, "1.0.0", "native", new DataRef(SHA, 1234, name + "-1.0.0.zip"),
        List.of("java", "-jar", name + ".jar"), new Requirements(null, null, 1, 0, List.of()),
        "the " + name + " app", "alice", T0);
  }

  public static TaskView task(int index, String state, DataRef result) {
    return new TaskView(
        index, state, 1, state.equals("PENDING") ? null : "w-1", List.of("--n=" + index), result,
        result == null ? null : "d".repeat(64),
        state.equals("FAILED") ? List.of("exit code 3") : List.of(),
        state.equals("RUNNING") ? "COMPUTING" : null, null,
        state.equals("COMPLETED") ? 1530L : null, state.equals("COMPLETED") ? 52_428_800L : null);
  }

  /** {@link #task} of a certified job, with its Proof-of-Contribution view. */
  public static TaskView certifiedTask(int index, String state, PocoView poco) {
    TaskView t = task(index, state, null);
    return new TaskView(t.index(), t.state(), poco.replicas().size(), t.worker(), t.args(), t.result(),
        t.resultDigest(), t.errors(), t.phase(), poco);
  }

  /** A hash of the commitments' form: 0x and 64 hex digits of {@code c}. */
  public static String hash(char c) {
    return "0x" + String.valueOf(c).repeat(64);
  }

  /** A worker address: 0x and 40 hex digits, {@code c} then a distinct tail. */
  public static String address(char c) {
    return "0x" + String.valueOf(c).repeat(36) + "beef";
  }

  public static WorkerView worker(String id, String name) {
    return new WorkerView(
        id, name, "alice", "ALIVE", new Capabilities("linux", "amd64", 8, 16384, List.of("gpu")),
        4, 2, T0.plusSeconds(5), T0, List.of("registered"), "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", 100,
        "paused 40s (owner active)");
  }
}
