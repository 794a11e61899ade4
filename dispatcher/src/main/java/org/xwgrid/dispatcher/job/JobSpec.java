package org.xwgrid.dispatcher.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.Requirements;

/**
 * A submitted job as the journal keeps it: the app frozen as it was at submit time, the argument
 * templates and sweep (tasks are expanded on demand, never stored one by one), inputs and limits.
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
    Instant submittedAt)
    implements CborSerializable {

  public JobSpec {
    args = args == null ? Map.of() : args;
    sweep = sweep == null ? Map.of() : sweep;
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
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
