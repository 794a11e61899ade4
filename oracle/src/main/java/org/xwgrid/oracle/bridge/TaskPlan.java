package org.xwgrid.oracle.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.dispatcher.job.JobEntity.ChainReplica;
import org.xwgrid.dispatcher.job.JobEntity.ChainTask;
import org.xwgrid.dispatcher.job.JobEntity.ObserveChain;

/**
 * What the oracle does for one task of a deal, from the task as the hub has it and as the grid
 * has it: pure, so every rule is tested alone. The hub is the authority: the grid learns its
 * status, consensus and contributors ({@link ObserveChain}); the oracle initializes the task,
 * relays every signed contribution the hub lacks, then the winners' signed reveals, finalizes
 * once the reveals are in and the grid holds the result, and reopens a task nobody revealed in
 * time. Every action is idempotent by its purpose (the outbox keys it), so planning twice is safe.
 */
public final class TaskPlan {
  private TaskPlan() {}

  /** A contribution as the hub holds it. */
  public record HubContribution(String status, String resultHash) {}

  /**
   * The task on the hub ({@code status} UNSET, ACTIVE, REVEALING, COMPLETED or FAILED), with its
   * contributors' contributions, read at a block of time {@code now} (seconds).
   */
  public record HubTask(
      String status,
      String consensus,
      long revealCounter,
      long winnerCounter,
      long revealDeadline,
      long finalDeadline,
      Map<String, HubContribution> contributions,
      long now) {}

  public sealed interface Action {}

  public record Initialize() implements Action {}

  public record Contribute(ChainReplica replica) implements Action {}

  public record Reveal(ChainReplica replica) implements Action {}

  /** Finalize with the grid's result, whose folder digest the winners revealed. */
  public record Finalize(DataRef result, String digest) implements Action {}

  public record Reopen() implements Action {}

  /**
   * @param observe what to tell the grid (null: nothing)
   * @param closed whether the task is over on chain and needs the oracle no more
   */
  public record Plan(List<Action> actions, ObserveChain observe, boolean closed) {}

  public static Plan plan(int index, HubTask hub, ChainTask grid) {
    List<Action> actions = new ArrayList<>();
    List<String> contributors = List.copyOf(hub.contributions().keySet());
    switch (hub.status()) {
      case "UNSET":
        return new Plan(List.of(new Initialize()), null, false);
      case "ACTIVE":
        if (hub.now() >= hub.finalDeadline()) {
          return new Plan(List.of(), null, true); // the requester may claim it; nothing to do
        }
        for (ChainReplica r : grid.replicas()) {
          if (r.resultHash() != null && r.contributionSign() != null && !hub.contributions().containsKey(lower(r.address()))
              && !"FAILED".equals(r.status())) {
            actions.add(new Contribute(r));
          }
        }
        return new Plan(actions, new ObserveChain(index, "ACTIVE", null, contributors), false);
      case "REVEALING":
        if (hub.now() >= hub.finalDeadline()) {
          return new Plan(List.of(), null, true);
        }
        String consensus = lower(hub.consensus());
        long pending = 0;
        String digest = null;
        for (ChainReplica r : grid.replicas()) {
          HubContribution c = hub.contributions().get(lower(r.address()));
          if (r.digest() != null && c != null && consensus.equals(lower(c.resultHash()))) {
            digest = r.digest();
            if ("CONTRIBUTED".equals(c.status()) && r.revealSign() != null && hub.now() < hub.revealDeadline()) {
              actions.add(new Reveal(r));
              pending++;
            }
          }
        }
        boolean revealsIn = hub.revealCounter() == hub.winnerCounter()
            || (hub.revealCounter() > 0 && hub.now() >= hub.revealDeadline());
        if (pending == 0 && revealsIn && grid.result() != null && digest != null) {
          actions.add(new Finalize(grid.result(), digest));
        } else if (hub.revealCounter() == 0 && hub.now() >= hub.revealDeadline()) {
          actions.add(new Reopen());
        }
        return new Plan(actions, new ObserveChain(index, "REVEALING", consensus, contributors), false);
      case "COMPLETED":
        return new Plan(List.of(), new ObserveChain(index, "COMPLETED", lower(hub.consensus()), contributors), true);
      case "FAILED":
        return new Plan(List.of(), new ObserveChain(index, "FAILED", null, contributors), true);
      default:
        throw new IllegalArgumentException("unknown hub task status " + hub.status());
    }
  }

  private static String lower(String hex) {
    return hex == null ? null : hex.toLowerCase(Locale.ROOT);
  }
}
