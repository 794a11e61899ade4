package org.xwgrid.oracle.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.WorkerApi.ChainTerms;
import org.xwgrid.common.poco.Category;
import org.xwgrid.dispatcher.job.JobSpec;

/**
 * How a deal becomes a grid job: pure. The deal's app is the grid app of the same name; its
 * request {@code params} are a JSON object of argument names to values (each task gets {@code
 * --NAME=VALUE}, {@code {index}} in a value replaced by the task's index in the deal); trust and
 * category are the deal's (the category's time reference is the period T, which bounds each
 * replica too); volume is the number of tasks. The grid job's price and stakes are zero: the deal
 * pays on chain.
 */
public final class DealTerms {
  private DealTerms() {}

  /** The deal's terms as read from the hub. */
  public record OnChain(
      String dealId, String appName, boolean hasDataset, String params, long trust, String categoryName,
      long categorySeconds, long botFirst, int botSize) {}

  /**
   * The grid job's id for a deal: the deal id's first 128 bits written as a UUID, like every grid
   * job's id (unique enough, and the same whoever computes it).
   */
  public static String jobId(String dealId) {
    String h = dealId.toLowerCase(Locale.ROOT).substring(2, 34);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
  }

  /** Why the grid cannot run this deal, or null. */
  public static String refusal(OnChain d, int maxTasks) {
    if (d.hasDataset()) {
      return "datasets are not supported by this pool";
    }
    if (d.botSize() < 1 || d.botSize() > maxTasks) {
      return "a deal of " + d.botSize() + " tasks (this pool runs 1 to " + maxTasks + ")";
    }
    try {
      args(d.params());
    } catch (IllegalArgumentException e) {
      return "bad params: " + e.getMessage();
    }
    return null;
  }

  /** The arguments a request's {@code params} give: a JSON object of names to strings or numbers. */
  public static Map<String, String> args(String params) {
    if (params == null || params.isBlank()) {
      return Map.of();
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(params);
    } catch (IOException e) {
      throw new IllegalArgumentException("params must be a JSON object of argument names to values, e.g. {\"pattern\":\"1X\"}");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("params must be a JSON object of argument names to values, e.g. {\"pattern\":\"1X\"}");
    }
    Map<String, String> args = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new IllegalArgumentException("the value of " + e.getKey() + " must be a string, a number or a boolean");
      }
      args.put(e.getKey(), e.getValue().asText());
    }
    return JobSpec.checkArgs(args);
  }

  /** The grid job of a deal the grid can run ({@link #refusal} null). */
  public static JobSpec spec(OnChain d, AppView app, String owner, ChainTerms chain, Instant now, int maxFailures) {
    Duration period = Duration.ofSeconds(Math.max(1, d.categorySeconds()));
    JobSpec plain =
        new JobSpec(jobId(d.dealId()), "deal " + d.dealId().substring(0, 10), owner, app, d.botSize(), args(d.params()),
            Map.<String, List<String>>of(), List.of(), period.toMillis(), maxFailures, app.requirements(), now);
    return plain
        .certified((int) Math.max(1, d.trust()), new Category(d.categoryName(), period), 0, 0, 1)
        .forDeal(d.dealId(), chain, d.botFirst());
  }
}
