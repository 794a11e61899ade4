package org.xwgrid.dispatcher.job;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.common.api.TaskLimits;
import org.xwgrid.common.api.WorkerApi;
import org.xwgrid.common.poco.Category;
import org.xwgrid.common.poco.ResultCommitment;

/**
 * A submitted job as the journal keeps it: the app frozen as it was at submit time, the argument
 * templates and sweep (tasks are expanded on demand, never stored one by one), inputs and limits.
 *
 * <p>A certified job ({@code trust} ≥ 1) also freezes its Proof-of-Contribution terms: the
 * category and its period T, the {@code price} per task the requester pays, the {@code stake}
 * each contribution locks, the scheduler's share in percent, and the {@code dealId} its task ids
 * derive from ({@link #taskId}). {@code limits} (null: the workers' defaults) caps what each task
 * may use on its worker.
 */
public record JobSpec(
    String id,
    String name,
    String owner,
    AppView app,
    int tasks,
    Map<String, String> args,
    Map<String, List<String>> sweep,
    List<DataRef> inputs,
    long timeoutMs,
    int maxFailures,
    Requirements requirements,
    Instant submittedAt,
    int trust,
    String category,
    long periodMs,
    long price,
    long stake,
    int schedulerRatio,
    String dealId,
    WorkerApi.ChainTerms chain,
    long botFirst,
    TaskLimits limits)
    implements CborSerializable {

  public JobSpec {
    args = args == null ? Map.of() : args;
    sweep = sweep == null ? Map.of() : sweep;
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }

  /** An uncertified job. */
  public JobSpec(
      String id,
      String name,
      String owner,
      AppView app,
      int tasks,
      Map<String, String> args,
      Map<String, List<String>> sweep,
      List<DataRef> inputs,
      long timeoutMs,
      int maxFailures,
      Requirements requirements,
      Instant submittedAt) {
    this(id, name, owner, app, tasks, args, sweep, inputs, timeoutMs, maxFailures, requirements, submittedAt,
        0, null, 0, 0, 0, 0, null, null, 0, null);
  }

  /** The same job, its tasks limited to {@code limits} (null: the workers' defaults). */
  public JobSpec withLimits(TaskLimits limits) {
    return new JobSpec(id, name, owner, app, tasks, args, sweep, inputs, timeoutMs, maxFailures, requirements,
        submittedAt, trust, category, periodMs, price, stake, schedulerRatio, dealId, chain, botFirst, limits);
  }

  /** The same job, certified with these terms. */
  public JobSpec certified(int trust, Category category, long price, long stake, int schedulerRatio) {
    return new JobSpec(id, name, owner, app, tasks, args, sweep, inputs, timeoutMs, maxFailures, requirements,
        submittedAt, trust, category.name(), category.period().toMillis(), price, stake, schedulerRatio, dealIdOf(id), null, 0, limits);
  }

  /**
   * The same certified job as the grid side of an on-chain deal: its task ids derive from the
   * deal's id, and its workers sign their contributions and reveals for the hub ({@code chain}).
   */
  public JobSpec forDeal(String dealId, WorkerApi.ChainTerms chain) {
    return forDeal(dealId, chain, 0);
  }

  /** ... whose first task is the deal's task {@code botFirst} (the grid's task i is the deal's botFirst + i). */
  public JobSpec forDeal(String dealId, WorkerApi.ChainTerms chain, long botFirst) {
    ResultCommitment.bytes("deal id", dealId, 32);
    if (botFirst < 0) {
      throw new IllegalArgumentException("botFirst must not be negative");
    }
    return new JobSpec(id, name, owner, app, tasks, args, sweep, inputs, timeoutMs, maxFailures, requirements,
        submittedAt, trust, category, periodMs, price, stake, schedulerRatio, dealId.toLowerCase(java.util.Locale.ROOT), chain,
        botFirst, limits);
  }

  private static final java.util.regex.Pattern ARG_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** Whether {@code key} may name an argument: 1-64 of A-Z a-z 0-9 _ . - (not starting with _ . -). */
  public static boolean isArgKey(String key) {
    return key != null && ARG_KEY.matcher(key).matches();
  }

  /** The arguments checked (at most 100, named by {@link #isArgKey}, values of at most 4096 characters). */
  public static Map<String, String> checkArgs(Map<String, String> args) {
    if (args == null) {
      return Map.of();
    }
    if (args.size() > 100) {
      throw new IllegalArgumentException("at most 100 args");
    }
    for (Map.Entry<String, String> e : args.entrySet()) {
      if (!isArgKey(e.getKey())) {
        throw new IllegalArgumentException("argument name '" + e.getKey() + "' is not valid: 1-64 of A-Z a-z 0-9 _ . -");
      }
      if (e.getValue() == null || e.getValue().length() > 4096 || e.getValue().indexOf('\0') >= 0) {
        throw new IllegalArgumentException("arg " + e.getKey() + " needs a value of at most 4096 characters");
      }
    }
    return new java.util.LinkedHashMap<>(args);
  }

  /** Whether the job's tasks are certified by Proof-of-Contribution. */
  public boolean isCertified() {
    return trust >= 1;
  }

  /** A grid job's deal id: keccak-256 of its id (a chain deal keeps its own). */
  public static String dealIdOf(String jobId) {
    return ResultCommitment.hex(ResultCommitment.keccak(jobId.getBytes(StandardCharsets.UTF_8)));
  }

  /** Task {@code index}'s id, as iExec's: keccak-256(dealId ‖ uint256(botFirst + index)). */
  public String taskId(int index) {
    byte[] idx = new byte[32];
    byte[] i = BigInteger.valueOf(botFirst + index).toByteArray();
    System.arraycopy(i, 0, idx, 32 - i.length, i.length);
    return ResultCommitment.hex(ResultCommitment.keccak(ResultCommitment.bytes("deal id", dealId, 32), idx));
  }

  /**
   * The command-line arguments of task {@code index}: {@code --KEY=VALUE} for each arg, with
   * {@code {index}} replaced, then one {@code --KEY=VALUE} per sweep key, the task's index read as
   * a mixed-radix number over the sweep's value lists (the last key varies fastest).
   */
  public List<String> argsOf(int index) {
    List<String> out = new ArrayList<>(args.size() + sweep.size());
    String idx = Integer.toString(index);
    for (Map.Entry<String, String> e : args.entrySet()) {
      out.add("--" + e.getKey() + "=" + e.getValue().replace("{index}", idx));
    }
    if (!sweep.isEmpty()) {
      List<Map.Entry<String, List<String>>> keys = new ArrayList<>(sweep.entrySet());
      String[] values = new String[keys.size()];
      int rest = index;
      for (int k = keys.size() - 1; k >= 0; k--) {
        List<String> vs = keys.get(k).getValue();
        values[k] = vs.get(rest % vs.size());
        rest /= vs.size();
      }
      for (int k = 0; k < keys.size(); k++) {
        out.add("--" + keys.get(k).getKey() + "=" + values[k]);
      }
    }
    return out;
  }

  /** The number of tasks a sweep expands to (1 without a sweep), or -1 past {@code limit}. */
  public static long sweepSize(Map<String, List<String>> sweep, long limit) {
    long n = 1;
    if (sweep != null) {
      for (List<String> vs : sweep.values()) {
        n *= vs.size();
        if (n > limit) {
          return -1;
        }
      }
    }
    return n;
  }
}
