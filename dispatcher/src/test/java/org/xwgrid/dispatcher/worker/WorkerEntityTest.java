package org.xwgrid.dispatcher.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.dispatcher.Problem;
import org.xwgrid.dispatcher.testing.Samples;
import org.xwgrid.dispatcher.testing.TestingActorSystem;
import org.xwgrid.dispatcher.worker.WorkerEntity.Command;
import org.xwgrid.dispatcher.worker.WorkerEntity.Event;
import org.xwgrid.dispatcher.worker.WorkerEntity.State;
import org.xwgrid.dispatcher.worker.WorkerEntity.Status;

@ExtendWith(LogCapturingExtension.class)
class WorkerEntityTest {
  private static final ActorTestKit testKit = TestingActorSystem.testKit("WorkerEntityTest");
  private static final AtomicInteger ids = new AtomicInteger();
  private static final long T0 = Samples.SUBMITTED_AT.toEpochMilli();
  private static final String HASH = Samples.sha("w-token");
  private static final Capabilities CAPS = Samples.linux(4, 8192, "gpu");

  private final String workerId = "w" + ids.incrementAndGet();
  private final EventSourcedBehaviorTestKit<Command, Event, State> kit =
      EventSourcedBehaviorTestKit.create(
          testKit.system(), WorkerEntity.create(workerId), EventSourcedBehaviorTestKit.enabledSerializationSettings());

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private static final String ADDRESS = "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf";
  private static final String OTHER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

  private CommandResultWithReply<Command, Event, State, StatusReply<State>> register() {
    return kit.<StatusReply<State>>runCommand(r -> new WorkerEntity.Register("lab-pc", "bob", CAPS, 2, HASH, T0, ADDRESS, r));
  }

  private static String at(long ms, String what) {
    return Instant.ofEpochMilli(ms) + " " + what;
  }

  @Test
  void shouldRegisterAWorker() {
    var result = register();
    State expected =
        new State(workerId, "lab-pc", "bob", CAPS, 2, HASH, Status.ACTIVE, T0, T0, List.of(at(T0, "registered as " + ADDRESS)), ADDRESS, 0, List.of());
    assertEquals(new WorkerEntity.WorkerRegistered("lab-pc", "bob", CAPS, 2, HASH, T0, ADDRESS), result.event());
    assertTrue(result.reply().isSuccess());
    assertEquals(expected, result.reply().getValue());
    assertEquals(expected, result.state());
    assertTrue(result.state().registered());
  }

  @Test
  void shouldRefuseATakenWorkerIdWith409() {
    register();
    var again = register();
    assertTrue(again.hasNoEvents());
    assertEquals(409, Problem.of(again.reply().getError()).status());
    assertEquals("409 worker id taken", again.reply().getError().getMessage());
  }

  @Test
  void shouldTakeNewCapabilitiesAndSlotsWhenRegisteredAgain() {
    register();
    Capabilities bigger = Samples.linux(16, 65536);
    var result = kit.<StatusReply<State>>runCommand(r -> new WorkerEntity.ReRegister(bigger, 8, T0 + 60_000, null, r));
    assertEquals(new WorkerEntity.WorkerReRegistered(bigger, 8, T0 + 60_000, null), result.event());
    State s = result.reply().getValue();
    assertEquals(bigger, s.capabilities());
    assertEquals(8, s.slots());
    assertEquals(T0, s.registeredAt());
    assertEquals(T0 + 60_000, s.statusSince());
    assertEquals(HASH, s.tokenHash());
    assertEquals(List.of(at(T0, "registered as " + ADDRESS), at(T0 + 60_000, "registered again")), s.history());
    assertEquals(ADDRESS, s.address(), "a re-registration without an address keeps the known one");
    State moved = kit.<StatusReply<State>>runCommand(r -> new WorkerEntity.ReRegister(bigger, 8, T0 + 70_000, OTHER, r)).state();
    assertEquals(OTHER, moved.address());
    assertEquals(at(T0 + 70_000, "registered again as " + OTHER), moved.history().get(2));
  }

  @Test
  void shouldRefuseToRegisterAnUnknownWorkerAgainWith404() {
    var result = kit.<StatusReply<State>>runCommand(r -> new WorkerEntity.ReRegister(CAPS, 1, T0, null, r));
    assertTrue(result.hasNoEvents());
    assertEquals("404 unknown worker", result.reply().getError().getMessage());
  }

  @Test
  void shouldMarkAWorkerLostOnceAndBackOnce() {
    register();
    CommandResult<Command, Event, State> lost = kit.runCommand(new WorkerEntity.MarkLost(T0 + 1000, "no heartbeat for 20s"));
    assertEquals(new WorkerEntity.WorkerLost(T0 + 1000, "no heartbeat for 20s"), lost.event());
    assertEquals(Status.LOST, lost.state().status());
    assertEquals(T0 + 1000, lost.state().statusSince());
    assertTrue(kit.runCommand(new WorkerEntity.MarkLost(T0 + 2000, "again")).hasNoEvents());

    CommandResult<Command, Event, State> back = kit.runCommand(new WorkerEntity.MarkReturned(T0 + 3000));
    assertEquals(new WorkerEntity.WorkerReturned(T0 + 3000), back.event());
    assertEquals(Status.ACTIVE, back.state().status());
    assertTrue(kit.runCommand(new WorkerEntity.MarkReturned(T0 + 4000)).hasNoEvents());
    assertEquals(
        List.of(at(T0, "registered as " + ADDRESS), at(T0 + 1000, "lost: no heartbeat for 20s"), at(T0 + 3000, "back")),
        back.state().history());
  }

  @Test
  void shouldIgnoreLostAndBackForAnUnregisteredWorker() {
    assertTrue(kit.runCommand(new WorkerEntity.MarkLost(T0, "x")).hasNoEvents());
    assertTrue(kit.runCommand(new WorkerEntity.MarkReturned(T0)).hasNoEvents());
    assertFalse(kit.getState().registered());
  }

  @Test
  void shouldVerifyOnlyTheRightTokenHashOfARegisteredWorker() {
    var unknown = kit.<WorkerEntity.Verified>runCommand(r -> new WorkerEntity.Verify(HASH, r));
    assertEquals(Optional.empty(), unknown.reply().worker());
    register();
    var ok = kit.<WorkerEntity.Verified>runCommand(r -> new WorkerEntity.Verify(HASH, r));
    assertEquals(Optional.of(kit.getState()), ok.reply().worker());
    var wrong = kit.<WorkerEntity.Verified>runCommand(r -> new WorkerEntity.Verify(Samples.sha("other"), r));
    assertEquals(Optional.empty(), wrong.reply().worker());
    var empty = kit.<WorkerEntity.Verified>runCommand(r -> new WorkerEntity.Verify("", r));
    assertEquals(Optional.empty(), empty.reply().worker());
  }

  @Test
  void shouldGetTheStateOfARegisteredWorkerOnly() {
    assertEquals(Optional.empty(), kit.<Optional<State>>runCommand(WorkerEntity.Get::new).reply());
    register();
    assertEquals(Optional.of(kit.getState()), kit.<Optional<State>>runCommand(WorkerEntity.Get::new).reply());
  }

  @Test
  void shouldRecoverItsStateWhenRestarted() {
    register();
    kit.runCommand(new WorkerEntity.MarkLost(T0 + 1000, "gone"));
    State before = kit.getState();
    assertEquals(before, kit.restart().state());
  }

  @Test
  void shouldScoreEachSettledTaskOnceAndKeepTheScoreAcrossRestarts() {
    register();
    for (int k = 0; k < 12; k++) {
      var won = kit.<WorkerEntity.Scored>runCommand(r -> new WorkerEntity.Score("settle:j:" + 0, true, true, T0, r));
      assertEquals(1, won.reply().score(), "a resent score for the same task counts once");
    }
    for (int k = 1; k < 30; k++) {
      int task = k;
      kit.<WorkerEntity.Scored>runCommand(r -> new WorkerEntity.Score("settle:j:" + task, true, true, T0, r));
    }
    assertEquals(30, kit.getState().score());
    var unreplicated = kit.<WorkerEntity.Scored>runCommand(r -> new WorkerEntity.Score("settle:k:0", true, false, T0, r));
    assertEquals(30, unreplicated.reply().score(), "a task that was not replicated does not raise the score");
    var lost = kit.<WorkerEntity.Scored>runCommand(r -> new WorkerEntity.Score("settle:k:1", false, true, T0, r));
    assertEquals(20, lost.reply().score(), "a lost contribution keeps two thirds");
    assertEquals(new WorkerEntity.ScoreChanged("settle:k:1", 20, "lost settle:k:1", T0), lost.event());
    assertEquals(20, kit.restart().state().score());
    var again = kit.<WorkerEntity.Scored>runCommand(r -> new WorkerEntity.Score("settle:k:1", false, true, T0, r));
    assertEquals(20, again.reply().score(), "still once after a restart");
    assertTrue(again.events().isEmpty());
  }

  @Test
  void shouldKeepOnlyTheLast20EventsInTheHistory() {
    State s = new State("w", null, null, null, 0, null, Status.ACTIVE, 0, 0, List.of(), null, 0, List.of());
    s = s.apply(new WorkerEntity.WorkerRegistered("n", "o", CAPS, 1, HASH, T0, null));
    for (int i = 1; i <= 30; i++) {
      s = s.apply(i % 2 == 1 ? new WorkerEntity.WorkerLost(T0 + i, "r" + i) : new WorkerEntity.WorkerReturned(T0 + i));
    }
    assertEquals(WorkerEntity.HISTORY, s.history().size());
    assertEquals(at(T0 + 11, "lost: r11"), s.history().get(0));
    assertEquals(at(T0 + 30, "back"), s.history().get(19));
    assertEquals(Status.ACTIVE, s.status());
    s = s.apply(new WorkerEntity.WorkerRegistered("n2", "o", CAPS, 1, HASH, T0 + 100, null));
    assertEquals(List.of(at(T0 + 100, "registered")), s.history(), "a new registration starts a new history");
  }
}
