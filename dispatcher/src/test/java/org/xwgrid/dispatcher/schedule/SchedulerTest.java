package org.xwgrid.dispatcher.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.dispatcher.DispatcherSettings;
import org.xwgrid.dispatcher.job.JobEntity;
import org.xwgrid.dispatcher.job.JobEntity.Assigned;
import org.xwgrid.dispatcher.testing.ManualClock;
import org.xwgrid.dispatcher.testing.Samples;
import org.xwgrid.dispatcher.testing.TestingActorSystem;
import org.xwgrid.dispatcher.testing.TestingSettings;
import org.xwgrid.dispatcher.worker.WorkerEntity;

/**
 * The scheduler singleton with manual time: job and worker entities are test probes, the clock
 * moves with the scheduler's timers. After sending a message, {@link #sync()} waits until the
 * scheduler has handled it (it answers in order), so "nothing happened" is checked without
 * waiting.
 */
@ExtendWith(LogCapturingExtension.class)
class SchedulerTest {
  private static final ActorTestKit testKit = TestingActorSystem.testKit("SchedulerTest");
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Capabilities LINUX = Samples.linux();

  private final ManualClock clock = ManualClock.create();
  private final Map<String, TestProbe<JobEntity.Command>> jobs =
      Map.of(
          "job-a", testKit.createTestProbe(JobEntity.Command.class),
          "job-b", testKit.createTestProbe(JobEntity.Command.class));
  private final Map<String, TestProbe<WorkerEntity.Command>> workers =
      Map.of(
          "w1", testKit.createTestProbe(WorkerEntity.Command.class),
          "w2", testKit.createTestProbe(WorkerEntity.Command.class));
  private final TestProbe<Scheduler.Live> live = testKit.createTestProbe();
  private final TestProbe<Scheduler.Jobs> jobsReply = testKit.createTestProbe();
  private ActorRef<Scheduler.Command> scheduler;

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stop() {
    if (scheduler != null) {
      testKit.stop(scheduler);
    }
  }

  private void start() {
    start(TestingSettings.defaults());
  }

  private void start(DispatcherSettings settings) {
    scheduler =
        testKit.spawn(
            Scheduler.create(
                settings,
                clock,
                id -> Objects.requireNonNull(jobs.get(id), id).ref(),
                id -> Objects.requireNonNull(workers.get(id), id).ref()));
    sync(); // started: its timers run from now on
  }

  private TestProbe<JobEntity.Command> job(String id) {
    return jobs.get(id);
  }

  private TestProbe<WorkerEntity.Command> worker(String id) {
    return workers.get(id);
  }

  /** Waits until the scheduler has handled every message sent before; returns what it knows. */
  private Scheduler.Live sync() {
    scheduler.tell(new Scheduler.GetLive(live.ref()));
    return live.receiveMessage();
  }

  /**
   * Moves the clock and the timers together, once the scheduler has handled what was sent before
   * (so that it read the clock before it moved).
   */
  private void advance(Duration d) {
    sync();
    clock.advance(d);
    manualTime.timePasses(d);
  }

  private TestProbe<Assigned> requestWork(String workerId, int max, long waitMs) {
    TestProbe<Assigned> reply = testKit.createTestProbe();
    scheduler.tell(new Scheduler.RequestWork(workerId, LINUX, max, waitMs, reply.ref()));
    return reply;
  }

  private void offer(String jobId, List<Integer> pending, List<String> holders) {
    scheduler.tell(new Scheduler.Offer(jobId, Requirements.ANY, pending, holders));
  }

  private void heartbeat(String workerId, List<String> runningJobs) {
    scheduler.tell(new Scheduler.Heartbeat(workerId, LINUX, runningJobs.size(), runningJobs, null, jobsReply.ref()));
    jobsReply.receiveMessage();
  }

  @Test
  void shouldAnswerAnEmptyBatchExactlyAfterTheWaitWhenNothingIsQueued() {
    start();
    TestProbe<Assigned> reply = requestWork("w1", 4, 2000);
    sync();
    advance(Duration.ofMillis(1999));
    sync();
    reply.expectNoMessage(Duration.ZERO);
    advance(Duration.ofMillis(1));
    reply.expectMessage(Assigned.NONE);
  }

  @Test
  void shouldWaitAtMostTheLongestLongPoll() {
    start(TestingSettings.with("http.max-long-poll = 3s"));
    TestProbe<Assigned> reply = requestWork("w1", 4, 600_000);
    sync();
    advance(Duration.ofMillis(2999));
    sync();
    reply.expectNoMessage(Duration.ZERO);
    advance(Duration.ofMillis(1));
    reply.expectMessage(Assigned.NONE);
  }

  @Test
  void shouldAnswerAtOnceWhenNothingIsQueuedAndTheWorkerDoesNotWait() {
    start();
    requestWork("w1", 4, 0).expectMessage(Assigned.NONE);
  }

  @Test
  void shouldHaveTheJobAssignQueuedTasksToAnAskingWorker() {
    start();
    offer("job-a", List.of(0, 1, 2), List.of());
    TestProbe<Assigned> reply = requestWork("w1", 2, 5000);
    job("job-a").expectMessage(new JobEntity.Assign("w1", List.of(0, 1), reply.ref()));
    assertEquals(1, sync().queuedTasks());
    advance(Duration.ofSeconds(5));
    sync();
    reply.expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldServeAWaitingRequestAtOnceWhenAJobOffersTasks() {
    start();
    TestProbe<Assigned> reply = requestWork("w1", 2, 10_000);
    sync();
    offer("job-a", List.of(4, 5, 6), List.of());
    job("job-a").expectMessage(new JobEntity.Assign("w1", List.of(4, 5), reply.ref()));
    advance(Duration.ofSeconds(10));
    assertEquals(1, sync().queuedTasks());
    reply.expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldServeAWaitingRequestWhenAJobRequeuesTasks() {
    start();
    TestProbe<Assigned> reply = requestWork("w1", 8, 10_000);
    sync();
    scheduler.tell(new Scheduler.Add("job-b", Requirements.ANY, List.of(3)));
    job("job-b").expectMessage(new JobEntity.Assign("w1", List.of(3), reply.ref()));
  }

  @Test
  void shouldServeWaitingWorkersInTheOrderTheyAsked() {
    start();
    TestProbe<Assigned> w2 = requestWork("w2", 1, 10_000);
    sync();
    TestProbe<Assigned> w1 = requestWork("w1", 1, 10_000);
    sync();
    offer("job-a", List.of(0), List.of());
    job("job-a").expectMessage(new JobEntity.Assign("w2", List.of(0), w2.ref()));
    TestProbe<Assigned> w2again = requestWork("w2", 1, 10_000);
    sync();
    scheduler.tell(new Scheduler.Add("job-a", Requirements.ANY, List.of(1)));
    job("job-a").expectMessage(new JobEntity.Assign("w1", List.of(1), w1.ref()));
    scheduler.tell(new Scheduler.Add("job-a", Requirements.ANY, List.of(2)));
    job("job-a").expectMessage(new JobEntity.Assign("w2", List.of(2), w2again.ref()));
  }

  @Test
  void shouldAssignWithTheLatestScoreItLearned() {
    start();
    offer("job-a", List.of(0, 1), List.of());
    TestProbe<Assigned> first = testKit.createTestProbe();
    scheduler.tell(new Scheduler.RequestWork("w1", LINUX, 1, 5000, first.ref(), "0xabc", 3, 1));
    job("job-a").expectMessage(new JobEntity.Assign("w1", List.of(0), first.ref(), "0xabc", 3, 1));
    scheduler.tell(new Scheduler.WorkerScored("w1", 40));
    TestProbe<Assigned> second = testKit.createTestProbe();
    scheduler.tell(new Scheduler.RequestWork("w1", LINUX, 1, 5000, second.ref(), "0xabc", 3, 1));
    job("job-a").expectMessage(new JobEntity.Assign("w1", List.of(1), second.ref(), "0xabc", 40, 1));
  }

  @Test
  void shouldForgetAWaitingRequestWhoseConnectionClosed() {
    start();
    TestProbe<Assigned> gone = requestWork("w1", 2, 10_000);
    TestProbe<Assigned> other = testKit.createTestProbe();
    scheduler.tell(new Scheduler.CancelWork("w1", other.ref())); // not that request: kept
    sync();
    scheduler.tell(new Scheduler.CancelWork("w1", gone.ref()));
    sync();
    offer("job-a", List.of(4, 5), List.of());
    TestProbe<Assigned> next = requestWork("w2", 2, 10_000);
    job("job-a").expectMessage(new JobEntity.Assign("w2", List.of(4, 5), next.ref()));
    advance(Duration.ofSeconds(10));
    sync();
    gone.expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldAnswerTheOlderRequestEmptyWhenTheSameWorkerAsksAgain() {
    start();
    TestProbe<Assigned> first = requestWork("w1", 1, 10_000);
    sync();
    advance(Duration.ofSeconds(4));
    TestProbe<Assigned> second = requestWork("w1", 1, 10_000);
    first.expectMessage(Assigned.NONE);
    sync();
    advance(Duration.ofSeconds(6));
    sync();
    second.expectNoMessage(Duration.ZERO);
    first.expectNoMessage(Duration.ZERO);
    advance(Duration.ofSeconds(4));
    second.expectMessage(Assigned.NONE);
  }

  @Test
  void shouldGiveAtMostMaxTasksPerRequestAndAtLeastOne() {
    start(TestingSettings.with("workers.max-tasks-per-request = 2"));
    offer("job-a", List.of(0, 1, 2, 3, 4), List.of());
    TestProbe<Assigned> many = requestWork("w1", 100, 0);
    job("job-a").expectMessage(new JobEntity.Assign("w1", List.of(0, 1), many.ref()));
    TestProbe<Assigned> none = requestWork("w2", 0, 0);
    job("job-a").expectMessage(new JobEntity.Assign("w2", List.of(2), none.ref()));
  }

  @Test
  void shouldNotGiveAWorkerTasksItsCapabilitiesDoNotMeet() {
    start();
    scheduler.tell(new Scheduler.Offer("job-a", new Requirements("linux", null, 64, 0, List.of()), List.of(0), List.of()));
    requestWork("w1", 1, 0).expectMessage(Assigned.NONE);
    job("job-a").expectNoMessage(Duration.ZERO);
    assertEquals(1, sync().queuedTasks());
  }

  @Test
  void shouldNotServeAWithdrawnJob() {
    start();
    offer("job-a", List.of(0, 1), List.of());
    scheduler.tell(new Scheduler.Withdraw("job-a"));
    assertEquals(0, sync().queuedTasks());
    requestWork("w1", 1, 0).expectMessage(Assigned.NONE);
  }

  @Test
  void shouldServeJobsInTurn() {
    start();
    offer("job-a", List.of(0, 1), List.of());
    offer("job-b", List.of(0, 1), List.of());
    TestProbe<Assigned> r1 = requestWork("w1", 1, 0);
    job("job-a").expectMessage(new JobEntity.Assign("w1", List.of(0), r1.ref()));
    TestProbe<Assigned> r2 = requestWork("w2", 1, 0);
    job("job-b").expectMessage(new JobEntity.Assign("w2", List.of(0), r2.ref()));
    TestProbe<Assigned> r3 = requestWork("w1", 1, 0);
    job("job-a").expectMessage(new JobEntity.Assign("w1", List.of(1), r3.ref()));
  }

  @Test
  void shouldDeclareASilentWorkerLostAfterTheHeartbeatTimeout() {
    start();
    offer("job-b", List.of(), List.of());
    heartbeat("w1", List.of("job-b"));
    offer("job-a", List.of(0, 1), List.of());
    TestProbe<Assigned> got = requestWork("w1", 1, 0);
    job("job-a").expectMessage(new JobEntity.Assign("w1", List.of(0), got.ref()));
    TestProbe<Assigned> waiting = requestWork("w2", 1, 0);
    job("job-a").expectMessage(new JobEntity.Assign("w2", List.of(1), waiting.ref()));
    TestProbe<Assigned> polling = requestWork("w1", 1, 30_000);
    sync();

    advance(Duration.ofSeconds(20));
    heartbeat("w2", List.of());
    Scheduler.Live before = sync();
    assertFalse(before.workers().get("w1").lost(), "silent for exactly the heartbeat timeout");
    worker("w1").expectNoMessage(Duration.ZERO);
    polling.expectNoMessage(Duration.ZERO);

    advance(Duration.ofSeconds(5));
    worker("w1").expectMessage(new WorkerEntity.MarkLost(clock.millis(), "no heartbeat for 20s"));
    job("job-a").expectMessage(new JobEntity.WorkerLost("w1"));
    job("job-b").expectMessage(new JobEntity.WorkerLost("w1"));
    polling.expectMessage(Assigned.NONE);
    Scheduler.Live after = sync();
    assertTrue(after.workers().get("w1").lost());
    assertEquals(0, after.workers().get("w1").running());
    assertFalse(after.workers().get("w2").lost());
    worker("w2").expectNoMessage(Duration.ZERO);

    advance(Duration.ofSeconds(20));
    worker("w2").expectMessageClass(WorkerEntity.MarkLost.class);
    job("job-a").expectMessage(new JobEntity.WorkerLost("w2"));
    sync();
    worker("w1").expectNoMessage(Duration.ZERO);
    job("job-a").expectNoMessage(Duration.ZERO);
    job("job-b").expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldWatchTheHoldersAJobOffersAfterARestart() {
    start();
    offer("job-a", List.of(), List.of("w2"));
    advance(Duration.ofSeconds(25));
    worker("w2").expectMessage(new WorkerEntity.MarkLost(clock.millis(), "no heartbeat for 20s"));
    job("job-a").expectMessage(new JobEntity.WorkerLost("w2"));
  }

  @Test
  void shouldMarkALostWorkerReturnedWhenItAsksForWork() {
    start();
    heartbeat("w1", List.of());
    advance(Duration.ofSeconds(25));
    worker("w1").expectMessageClass(WorkerEntity.MarkLost.class);
    advance(Duration.ofSeconds(1));
    requestWork("w1", 1, 0).expectMessage(Assigned.NONE);
    worker("w1").expectMessage(new WorkerEntity.MarkReturned(clock.millis()));
    Scheduler.LiveWorker w1 = sync().workers().get("w1");
    assertFalse(w1.lost());
    assertEquals(clock.millis(), w1.lastSeen());
    requestWork("w1", 1, 0).expectMessage(Assigned.NONE);
    sync();
    worker("w1").expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldMarkALostWorkerReturnedWhenItHeartbeats() {
    start();
    heartbeat("w1", List.of());
    advance(Duration.ofSeconds(25));
    worker("w1").expectMessageClass(WorkerEntity.MarkLost.class);
    heartbeat("w1", List.of());
    worker("w1").expectMessage(new WorkerEntity.MarkReturned(clock.millis()));
  }

  @Test
  void shouldAnswerAHeartbeatWithEveryJobThatMayHoldTheWorkersReplicas() {
    start();
    offer("job-a", List.of(0), List.of());
    offer("job-b", List.of(), List.of());
    TestProbe<Assigned> r = requestWork("w1", 1, 0);
    job("job-a").expectMessageClass(JobEntity.Assign.class);
    scheduler.tell(new Scheduler.Heartbeat("w1", LINUX, 2, List.of("job-b", "job-unknown"), null, jobsReply.ref()));
    assertEquals(
        Set.of("job-a", "job-b"),
        Set.copyOf(jobsReply.receiveMessage().jobIds()),
        "a job the scheduler never heard of is not woken by a worker naming it");
    r.expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldReportLiveWorkersAndQueuedTasks() {
    start();
    offer("job-a", List.of(0, 1, 2), List.of());
    scheduler.tell(new Scheduler.Heartbeat("w2", LINUX, 3, List.of("job-b"), "paused 5s (owner active)", jobsReply.ref()));
    jobsReply.receiveMessage();
    Scheduler.Live l = sync();
    assertEquals(3, l.queuedTasks());
    assertEquals(Map.of("w2", new Scheduler.LiveWorker(false, clock.millis(), 3, "paused 5s (owner active)")), l.workers());
  }

  @Test
  void shouldNotNameAWithdrawnJobInAHeartbeatAnswer() {
    start();
    offer("job-a", List.of(0), List.of());
    requestWork("w1", 1, 0);
    job("job-a").expectMessageClass(JobEntity.Assign.class);
    scheduler.tell(new Scheduler.Withdraw("job-a"));
    scheduler.tell(new Scheduler.Heartbeat("w1", LINUX, 0, List.of(), null, jobsReply.ref()));
    assertEquals(List.of(), jobsReply.receiveMessage().jobIds());
  }
}
