package org.xwgrid.oracle.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Instant;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.market.DealView;
import org.xwgrid.oracle.market.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code xw chain deal show DEALID}: a deal and each of its tasks, as the hub has them. */
@Command(name = "deal", mixinStandardHelpOptions = true, description = "Deals on chain.", subcommands = {DealCommand.Show.class})
final class DealCommand extends GroupCommand {

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "The deal DEALID: app, dataset, workerpool, requester, prices, trust, category, volume, tasks.")
  static final class Show extends MarketCommand {
    @Parameters(index = "0", paramLabel = "DEALID") String dealId;

    @Override
    public Integer call() {
      return reading(market -> {
        DealView deal = market.deal(ChainValues.bytes32("DEALID", dealId));
        print(deal, out -> DealCommand.print(out, deal));
        return 0;
      });
    }
  }

  static void print(PrintWriter out, DealView d) {
    out.printf("deal        %s%n", d.dealId());
    out.printf("app         %s%n", resource(d.app()));
    out.printf("dataset     %s%n", ChainValues.ZERO_ADDRESS.equals(d.dataset().address()) ? "none" : resource(d.dataset()));
    out.printf("workerpool  %s%n", resource(d.workerpool()));
    out.printf("requester   %s%n", d.requester());
    out.printf("beneficiary %s%n", d.beneficiary());
    out.printf("trust       %s%n", d.trust());
    out.printf("category    %s%n", d.category());
    out.printf("tag         %s%n", d.tag());
    out.printf("volume      %s (tasks %s to %s)%n", d.volume(), d.botFirst(), d.botFirst().add(d.volume()).subtract(BigInteger.ONE));
    out.printf("started     %s%n", time(d.startTime()));
    out.printf("params      %s%n", d.params());
    for (TaskView t : d.tasks()) {
      print(out, t);
    }
  }

  static void print(PrintWriter out, TaskView t) {
    out.printf("task %s  %s  %s%n", t.index() == null ? "?" : t.index(), t.taskId(), t.status());
    if (t.status() != TaskView.Status.UNSET) {
      out.printf("  contributions until %s, final deadline %s%n", time(t.contributionDeadline()), time(t.finalDeadline()));
      out.printf("  contributors %d%s%n", t.contributors().size(),
          t.consensus() == null ? "" : ", consensus " + t.consensus() + " (" + t.winners() + " winners, " + t.reveals()
              + " revealed, reveals until " + time(t.revealDeadline()) + ")");
    }
    if (t.resultDigest() != null) {
      out.printf("  result digest %s%n", t.resultDigest());
    }
    if (t.results() != null) {
      out.printf("  results %s (sha256 %s)%n", t.results().location(), t.results().sha256());
    } else if (t.rawResults() != null) {
      out.printf("  results %s%n", t.rawResults());
    }
  }

  private static String resource(DealView.Resource r) {
    return r.address() + " (owner " + r.owner() + ", price " + r.price() + ")";
  }

  /** Seconds since the epoch as an instant, or "-" while unset. */
  static String time(BigInteger seconds) {
    return seconds.signum() == 0 ? "-" : Instant.ofEpochSecond(seconds.longValueExact()) + " (" + seconds + ")";
  }
}
