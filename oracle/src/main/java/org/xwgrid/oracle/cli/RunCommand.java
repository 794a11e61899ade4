package org.xwgrid.oracle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.market.DealView;
import org.xwgrid.oracle.market.MarketService;
import org.xwgrid.oracle.market.Orderbook;
import org.xwgrid.oracle.market.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xw chain run APP ...} (iexec-sdk's {@code app run}): buys {@code --volume} tasks of an app
 * from the orderbook's cheapest fitting app and workerpool orders with a request order of the
 * signer's, and prints the deal id; with {@code --watch}, follows the deal's tasks until each is
 * COMPLETED or FAILED (or {@code --timeout}, or the deal's final deadline), then downloads every
 * completed task's results into {@code DIR/<task index>/}; exits 0 only if all completed.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Buys tasks of APP (its address or registered name) from the orderbook: the cheapest app and workerpool"
        + " orders that fit, matched with a request order you sign; prints the deal id.",
        "With --watch, follows the tasks until each is COMPLETED or FAILED, then downloads the results into DIR/<task index>/."})
final class RunCommand extends MarketCommand.WithOrderbook {
  /** What {@code --json} prints; {@code tasks} and {@code directory} only with {@code --watch}. */
  record Result(String dealId, BigInteger volume, String appOrder, String workerpoolOrder, BigInteger pricePerTask,
      String directory, List<TaskView> tasks) {}


  @Parameters(index = "0", paramLabel = "APP", description = "The app's address, or its registered name.") String app;

  @Option(names = "--params", required = true, description = "The tasks' arguments.") String params;

  @Option(names = "--trust", required = true, description = "The trust to certify each task at (1: one execution).")
  BigInteger trust;

  @Option(names = "--volume", required = true, description = "How many tasks.") BigInteger volume;

  @Option(names = "--category", defaultValue = "0", description = "The task category: 0 XS, 1 S, 2 M, 3 L, 4 XL (default: ${DEFAULT-VALUE}).")
  BigInteger category;

  @Option(names = "--workerpool", paramLabel = "WORKERPOOL", description = "Only this workerpool (default: the cheapest that fits).")
  String workerpool;

  @Option(names = "--max-price", paramLabel = "P", description = "Most tokens per task, app and workerpool together (default: any).")
  BigInteger maxPrice;

  @Option(names = "--tag", defaultValue = "0x0", description = "Tag bits the tasks need, 0x + hex (default: none).")
  String tag;

  @Option(names = "--watch", description = "Follow the tasks to their end, then download their results.") boolean watch;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where --watch puts the results (default: ./deal-<first 10 hex of the deal id>).")
  Path output;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop watching after this long (e.g. 30m; default: until the deal's final deadline).")
  Duration timeout;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "How often --watch reads the chain (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Override
  public Integer call() {
    return signed(market -> {
      if (trust.signum() <= 0) {
        throw new IllegalArgumentException("--trust must be at least 1");
      }
      String appId = market.resolveApp(app);
      Orderbook.Demand demand = new Orderbook.Demand(appId, market.hub().address(), category, trust, OrderCommand.tag(tag),
          volume, workerpool == null ? null : ChainValues.address("--workerpool", workerpool), maxPrice);
      MarketService.Bought bought = market.buy(demand, params);
      String dealId = bought.deal().dealId();
      PrintWriter out = out();
      if (!o.json) {
        out.println(dealId);
        out.flush();
      }
      if (!watch) {
        if (o.json) {
          ChainCommand.printJson(spec, result(bought, null, null));
        }
        return 0;
      }
      PrintWriter progress = o.json ? spec.commandLine().getErr() : out;
      DealView deal = watch(market, dealId, progress);
      Path dir = output != null ? output : Path.of("deal-" + dealId.substring(2, 12));
      boolean allDone = download(deal, dir, progress);
      if (o.json) {
        ChainCommand.printJson(spec, result(bought, dir, deal.tasks()));
      }
      return allDone ? 0 : 1;
    });
  }

  private static Result result(MarketService.Bought b, Path dir, List<TaskView> tasks) {
    return new Result(b.deal().dealId(), b.deal().volume(), b.match().appHash(), b.match().workerpoolHash(),
        b.match().pricePerTask(), dir == null ? null : dir.toString(), tasks);
  }

  /**
   * Reads the deal every {@code --interval} and prints each task's status when it changes, until
   * every task is COMPLETED or FAILED, {@code --timeout} passes, or the chain's time passes the
   * deal's final deadline (no task can complete after it); returns the deal as last read.
   */
  private DealView watch(MarketService market, String dealId, PrintWriter progress) throws IOException {
    long end = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    Map<String, TaskView.Status> seen = new HashMap<>();
    DealView deal = market.deal(dealId);
    BigInteger finalDeadline = market.finalDeadline(deal);
    while (true) {
      for (TaskView t : deal.tasks()) {
        if (seen.put(t.taskId(), t.status()) != t.status()) {
          progress.printf("task %d %s %s%n", t.index(), t.taskId(), t.status());
        }
      }
      progress.flush();
      if (deal.tasks().stream().allMatch(t -> t.status().isFinal())) {
        return deal;
      }
      if (System.nanoTime() >= end) {
        progress.printf("stopped watching after %s%n", timeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
        return deal;
      }
      if (BigInteger.valueOf(market.hub().blockTime()).compareTo(finalDeadline) >= 0) {
        progress.printf("the deal's final deadline has passed: its unfinished tasks can be claimed"
            + " (xw chain task claim TASKID --deal %s)%n", dealId);
        return deal;
      }
      try {
        Thread.sleep(Math.min(interval.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while watching the deal " + dealId, e);
      }
      deal = market.deal(dealId);
    }
  }

  /** Downloads each completed task's results into {@code dir/<index>}; true if every task completed and downloaded. */
  private static boolean download(DealView deal, Path dir, PrintWriter progress) {
    List<String> written = new ArrayList<>();
    boolean ok = true;
    for (TaskView t : deal.tasks()) {
      if (t.status() != TaskView.Status.COMPLETED) {
        ok = false;
        continue;
      }
      try {
        TaskCommand.download(t, dir.resolve(Long.toString(t.index())));
        written.add(t.taskId());
      } catch (IOException | RuntimeException e) {
        ok = false;
        progress.printf("task %d: results not downloaded: %s%n", t.index(), e.getMessage());
      }
    }
    progress.printf("results of %d of %d tasks in %s/<task index>/%n", written.size(), deal.tasks().size(), dir);
    progress.flush();
    return ok;
  }
}
