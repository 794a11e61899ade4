package org.xwgrid.oracle.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.oracle.follow.LogCursor;

/**
 * What the oracle has done, as a pure state changed only by {@link #apply}: the first block whose
 * logs it has not processed, and the deals of its workerpool it took (each the grid job that runs
 * it, or why it could not) with their tasks that are over on chain. A range of logs and the deals
 * it opened are journaled in one event, so after a crash the range is read again and no deal is
 * taken twice.
 */
public final class OracleState {

  /** A deal the oracle took: its grid job, or the reason it could not run it ({@code refusal}). */
  public record Deal(String dealId, String jobId, long botFirst, int size, String refusal, List<Integer> closed)
      implements CborSerializable {
    public Deal {
      closed = closed == null ? List.of() : List.copyOf(closed);
    }

    /** Whether the oracle still has something to do for it. */
    public boolean open() {
      return refusal == null && closed.size() < size;
    }

    Deal close(int task) {
      TreeSet<Integer> c = new TreeSet<>(closed);
      c.add(task);
      return new Deal(dealId, jobId, botFirst, size, refusal, new ArrayList<>(c));
    }
  }

  public sealed interface Event extends CborSerializable {}

  /** The logs of {@code range} are processed: these deals were taken. */
  public record LogsRead(LogCursor.Range range, List<Deal> deals) implements Event {}

  /** A task of a deal is over on chain (completed, failed or past its final deadline). */
  public record TaskClosed(String dealId, int task, String status) implements Event {}

  public record Snapshot(long next, List<Deal> deals) implements CborSerializable {}

  private long next;
  private final Map<String, Deal> deals = new LinkedHashMap<>();

  private OracleState(long next) {
    this.next = next;
  }

  public static OracleState startingAt(long block) {
    return new OracleState(block);
  }

  public OracleState apply(Event event) {
    if (event instanceof LogsRead e) {
      if (e.range().from() == next) {
        next = e.range().to() + 1;
        e.deals().forEach(d -> deals.putIfAbsent(d.dealId(), d));
      }
    } else if (event instanceof TaskClosed e) {
      deals.computeIfPresent(e.dealId(), (k, d) -> d.close(e.task()));
    } else {
      throw new IllegalStateException("unknown event " + event);
    }
    return this;
  }

  /** The first block not processed yet. */
  public long next() {
    return next;
  }

  public boolean knows(String dealId) {
    return deals.containsKey(dealId.toLowerCase(java.util.Locale.ROOT));
  }

  public List<Deal> deals() {
    return List.copyOf(deals.values());
  }

  /** The deals with tasks not over yet. */
  public List<Deal> openDeals() {
    return deals.values().stream().filter(Deal::open).toList();
  }

  public Snapshot toSnapshot() {
    return new Snapshot(next, deals());
  }

  public static OracleState fromSnapshot(Snapshot s) {
    OracleState st = new OracleState(s.next());
    s.deals().forEach(d -> st.deals.put(d.dealId(), d));
    return st;
  }
}
