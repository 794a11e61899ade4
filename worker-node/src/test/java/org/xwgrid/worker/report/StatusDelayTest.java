package org.xwgrid.worker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;

/** The progress gate in front of the reporter, on manual time. */
class StatusDelayTest {
  private static final ActorTestKit testKit = ActorTestKit.create("StatusDelayTest", ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Duration DELAY = Duration.ofSeconds(1);

  private final List<StatusUpdate> sent = new CopyOnWriteArrayList<>();
  private StatusDelay gate;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void gate() {
    sent.clear();
    // the executor runs the due task on the thread that advances the manual time
    gate = StatusDelay.create(DELAY, testKit.system().scheduler(), scala.concurrent.ExecutionContext.fromExecutor(Runnable::run), sent::add);
  }

  private static StatusUpdate update(int index, ReplicaState state) {
    return new StatusUpdate(new ReplicaRef("job", index, 1), state, null);
  }

  @Test
  void shouldSayNothingOfAReplicaThatEndsWithinTheDelay() {
    gate.accept(update(1, ReplicaState.DOWNLOADING));
    gate.accept(update(1, ReplicaState.COMPUTING));
    manualTime.timePasses(Duration.ofMillis(900));
    gate.finished(new ReplicaRef("job", 1, 1));
    manualTime.timePasses(Duration.ofSeconds(5));
    assertEquals(List.of(), sent);
    assertEquals(0, gate.holding());
  }

  @Test
  void shouldPassTheLatestStateOnceTheFirstIsOldEnough() {
    gate.accept(update(1, ReplicaState.DOWNLOADING));
    manualTime.timePasses(Duration.ofMillis(600));
    gate.accept(update(1, ReplicaState.COMPUTING));
    gate.accept(update(2, ReplicaState.DOWNLOADING));
    manualTime.timePasses(Duration.ofMillis(399));
    assertEquals(List.of(), sent);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(List.of(update(1, ReplicaState.COMPUTING)), sent);
    manualTime.timePasses(Duration.ofMillis(600));
    assertEquals(List.of(update(1, ReplicaState.COMPUTING), update(2, ReplicaState.DOWNLOADING)), sent);
    assertEquals(0, gate.holding());
    // a later state of a replica already reported starts a new delay
    gate.accept(update(1, ReplicaState.COMPUTING));
    manualTime.timePasses(DELAY);
    assertEquals(3, sent.size());
  }

  @Test
  void shouldPassAnAbortAtOnceAndDropWhatWasHeld() {
    gate.accept(update(1, ReplicaState.COMPUTING));
    gate.accept(update(1, ReplicaState.ABORTED));
    assertEquals(List.of(update(1, ReplicaState.ABORTED)), sent);
    manualTime.timePasses(Duration.ofSeconds(5));
    assertEquals(1, sent.size());
  }

  @Test
  void shouldPassEverythingAtOnceWithoutADelay() {
    StatusDelay now = StatusDelay.create(Duration.ZERO, testKit.system().scheduler(), testKit.system().executionContext(), sent::add);
    now.accept(update(1, ReplicaState.DOWNLOADING));
    assertEquals(List.of(update(1, ReplicaState.DOWNLOADING)), sent);
  }
}
