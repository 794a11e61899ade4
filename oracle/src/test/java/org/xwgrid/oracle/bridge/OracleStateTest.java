package org.xwgrid.oracle.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.xwgrid.oracle.follow.LogCursor;
import org.xwgrid.oracle.testing.TestingActorSystem;

class OracleStateTest {
  private static final ActorTestKit KIT = TestingActorSystem.real("OracleStateTest");
  private static final String D1 = "0x" + "d1".repeat(32);
  private static final String D2 = "0x" + "d2".repeat(32);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static OracleState.Deal deal(String id, int size) {
    return new OracleState.Deal(id, "job-" + id.substring(2, 6), 0, size, null, List.of());
  }

  @Test
  void aRangeCountsOnceAndItsDealsWithIt() {
    OracleState s = OracleState.startingAt(10);
    s.apply(new OracleState.LogsRead(new LogCursor.Range(10, 19), List.of(deal(D1, 2))));
    assertEquals(20, s.next());
    s.apply(new OracleState.LogsRead(new LogCursor.Range(10, 19), List.of(deal(D2, 1))));
    assertEquals(20, s.next(), "a range read again after a crash changes nothing");
    assertEquals(List.of(deal(D1, 2)), s.deals());
    assertTrue(s.knows(D1.toUpperCase().replace("0X", "0x")));
  }

  @Test
  void aDealIsOpenUntilEveryTaskIsClosedOrItWasRefused() {
    OracleState s = OracleState.startingAt(0);
    OracleState.Deal refused = new OracleState.Deal(D2, null, 0, 3, "the grid has no app named 'x'", List.of());
    s.apply(new OracleState.LogsRead(new LogCursor.Range(0, 5), List.of(deal(D1, 2), refused)));
    assertEquals(List.of(deal(D1, 2)), s.openDeals());
    s.apply(new OracleState.TaskClosed(D1, 1, "COMPLETED"));
    s.apply(new OracleState.TaskClosed(D1, 1, "COMPLETED"));
    assertEquals(List.of(1), s.openDeals().get(0).closed());
    s.apply(new OracleState.TaskClosed(D1, 0, "FAILED"));
    assertEquals(List.of(), s.openDeals());
    OracleState back = OracleState.fromSnapshot(s.toSnapshot());
    assertEquals(s.deals(), back.deals());
    assertEquals(s.next(), back.next());
  }

  @Test
  void eventsSnapshotsAndMessagesRoundTripThroughCbor() {
    SerializationTestKit ser = new SerializationTestKit(KIT.system());
    List<Object> samples = List.of(
        new OracleState.LogsRead(new LogCursor.Range(3, 9), List.of(deal(D1, 2))),
        new OracleState.TaskClosed(D1, 1, "COMPLETED"),
        new OracleState.Snapshot(10, List.of(deal(D1, 2), new OracleState.Deal(D2, null, 4, 1, "bad params", List.of(0)))),
        new Oracle.Status("0x" + "0a".repeat(20), "0x" + "0b".repeat(20), 12, List.of(deal(D1, 2))),
        new Oracle.GetStatus(KIT.<Oracle.Status>createTestProbe().ref()),
        new org.xwgrid.oracle.outbox.Outbox.Displaced("reveal:0x01", 9));
    for (Object o : samples) {
      ser.verifySerialization(o, true);
    }
  }
}
