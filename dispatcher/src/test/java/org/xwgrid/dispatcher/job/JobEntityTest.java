package org.xwgrid.dispatcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskList;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.AppPackage;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.dispatcher.DispatcherSettings;
import org.xwgrid.dispatcher.Problem;
import org.xwgrid.dispatcher.job.JobEntity.Assigned;
import org.xwgrid.dispatcher.job.JobEntity.Caller;
import org.xwgrid.dispatcher.job.JobEntity.Command;
import org.xwgrid.dispatcher.job.JobEntity.Reconciled;
import org.xwgrid.dispatcher.job.JobEntity.Reported;
import org.xwgrid.dispatcher.job.JobState.Event;
import org.xwgrid.dispatcher.job.JobState.JobCancelled;
import org.xwgrid.dispatcher.job.JobState.JobSubmitted;
import org.xwgrid.dispatcher.job.JobState.ReplicaFailure;
import org.xwgrid.dispatcher.job.JobState.ReplicasAssigned;
import org.xwgrid.dispatcher.job.JobState.ReplicasFailed;
import org.xwgrid.dispatcher.job.JobState.TaskResult;
import org.xwgrid.dispatcher.job.JobState.TaskStatus;
import org.xwgrid.dispatcher.job.JobState.TasksCompleted;
import org.xwgrid.dispatcher.schedule.Scheduler;
import org.xwgrid.dispatcher.testing.ManualClock;
import org.xwgrid.dispatcher.testing.Samples;
import org.xwgrid.dispatcher.testing.TestingActorSystem;
import org.xwgrid.dispatcher.testing.TestingSettings;

/**
 * The job entity on the in-memory journal, with manual time and a manual clock. Every command,
 * event and reply is checked to round-trip through jackson-cbor (the state is journaled only
 * as its {@link JobState.Snapshot}, checked in the snapshot tests and in SerializationTest).
 * Messages to the scheduler and to the shard are observed on probes.
 */
@ExtendWith(LogCapturingExtension.class)
class JobEntityTest {
  private static final ActorTestKit testKit = TestingActorSystem.testKit("JobEntityTest");
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final AtomicInteger ids = new AtomicInteger();
  private static final EventSourcedBehaviorTestKit.SerializationSettings CHECKED =
      EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false);
  private static final Caller OWNER = new Caller(Samples.OWNER, false);
  private static final Caller ADMIN = new Caller("root", true);
  private static final Caller OTHER = new Caller("mallory", false);
  private static final DataRef RESULT = Samples.data("result.zip");
  private static final String DIGEST = Samples.sha("output folder");

  /** A fresh id per test: entities of earlier tests are still alive on the shared system. */
  private final String jobId = "job-" + ids.incrementAndGet();
  private final ManualClock clock = ManualClock.create();
  private final TestProbe<Scheduler.Command> scheduler = testKit.createTestProbe();
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private EventSourcedBehaviorTestKit<Command, Event, JobState> kit;
  private JobSpec spec;

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private void start() {
    start(TestingSettings.defaults());
  }

  private void start(DispatcherSettings settings) {
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), JobEntity.create(jobId, settings, scheduler.ref(), clock, shard.ref()), CHECKED);
  }

  /** Starts the entity and submits a job of {@code tasks} tasks; the scheduler's offer is taken. */
  private JobView started(int tasks) {
    return started(Samples.job(jobId, tasks));
  }

  private JobView started(JobSpec s) {
    start();
    spec = s;
    JobView v = submit(s).reply().getValue();
    scheduler.expectMessageClass(Scheduler.Offer.class);
    return v;
  }

  private CommandResultWithReply<Command, Event, JobState, StatusReply<JobView>> submit(JobSpec s) {
    return kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Submit(s, r));
  }

  private CommandResultWithReply<Command, Event, JobState, Assigned> assign(String worker, Integer... tasks) {
    return kit.<Assigned>runCommand(r -> new JobEntity.Assign(worker, List.of(tasks), r));
  }

  private CommandResultWithReply<Command, Event, JobState, Reported> report(String worker, TaskReport... reports) {
    return kit.<Reported>runCommand(r -> new JobEntity.Report(worker, List.of(reports), r));
  }

  private CommandResultWithReply<Command, Event, JobState, Reconciled> reconcile(String worker, ReplicaRef... running) {
    return kit.<Reconciled>runCommand(r -> new JobEntity.Reconcile(worker, List.of(running), r));
  }

  private ReplicaRef ref(int task, int attempt) {
    return new ReplicaRef(jobId, task, attempt);
  }

  private TaskReport success(int task, int attempt) {
    return new TaskReport(ref(task, attempt), true, RESULT, DIGEST, 0, null, 1500);
  }

  private TaskReport failure(int task, int attempt, String error, int exit) {
    return new TaskReport(ref(task, attempt), false, null, null, exit, error, 700);
  }

  private StatusReply<JobView> view(Caller caller) {
    return kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.GetView(caller, r)).reply();
  }

  /** The owner's view; also waits until the entity has handled every earlier message. */
  private JobView view() {
    return view(OWNER).getValue();
  }

  private TaskView taskView(int i) {
    return kit.<StatusReply<TaskList>>runCommand(r -> new JobEntity.GetTasks(OWNER, i, 1, r)).reply().getValue().tasks().get(0);
  }

  private TaskStatus status(int task) {
    return kit.getState().task(task).status();
  }

  private static List<ReplicaRef> replicas(Assigned a) {
    return a.assignments().stream().map(Assignment::replica).toList();
  }

  /** Moves the clock and the entity's timers together. */
  private void advance(Duration d) {
    clock.advance(d);
    manualTime.timePasses(d);
  }

  private static String notFound(StatusReply<?> reply) {
    assertFalse(reply.isSuccess());
    assertEquals(404, Problem.of(reply.getError()).status());
    return reply.getError().getMessage();
  }

  @Test
  void shouldShowTheLastReportedPhaseOfTheCurrentReplicaOnly() {
    started(2);
    assign("w1", 0, 1);
    kit.runCommand(
        new JobEntity.Progress(
            "w1",
            List.of(
                new StatusUpdate(ref(0, 1), ReplicaState.DOWNLOADING, null),
                new StatusUpdate(ref(0, 1), ReplicaState.COMPUTING, null),
                new StatusUpdate(ref(1, 7), ReplicaState.COMPUTING, "not its attempt"))));
    kit.runCommand(new JobEntity.Progress("w2", List.of(new StatusUpdate(ref(1, 1), ReplicaState.UPLOADING, "not its worker"))));
    assertEquals("COMPUTING", taskView(0).phase());
    assertNull(taskView(1).phase());
    report("w1", success(0, 1));
    assertNull(taskView(0).phase(), "a finished task has no phase");
  }

  // ---- submit -------------------------------------------------------------------------------

  @Test
  void shouldOfferEveryTaskToTheSchedulerWhenSubmitted() {
    start();
    JobSpec s = Samples.job(jobId, 3);
    var result = submit(s);
    assertEquals(List.of(new JobSubmitted(s)), result.events());
    JobView v = result.reply().getValue();
    assertEquals(jobId, v.id());
    assertEquals("RUNNING", v.state());
    assertEquals(3, v.tasks());
    assertEquals(Samples.OWNER, v.owner());
    assertEquals("vanitygen", v.app());
    assertEquals(3, v.counts().get("PENDING"));
    scheduler.expectMessage(new Scheduler.Offer(jobId, s.requirements(), List.of(0, 1, 2), List.of()));
  }

  @Test
  void shouldAnswerTheSameViewWithoutAnyEventWhenSubmittedAgain() {
    JobView first = started(2);
    var again = submit(Samples.job(jobId, 5));
    assertTrue(again.hasNoEvents());
    assertEquals(first, again.reply().getValue());
    assertEquals(2, kit.getState().size());
    scheduler.expectNoMessage(Duration.ZERO);
  }

  // ---- assignment ---------------------------------------------------------------------------

  @Test
  void shouldAssignPendingTasksWithEverythingTheWorkerNeeds() {
    started(3);
    clock.advance(Duration.ofSeconds(7));
    var result = assign("w1", 0, 2);
    assertEquals(List.of(new ReplicasAssigned("w1", List.of(0, 2), clock.millis())), result.events());
    List<Assignment> as = result.reply().assignments();
    assertEquals(List.of(ref(0, 1), ref(2, 1)), replicas(result.reply()));
    AppView app = spec.app();
    for (Assignment a : as) {
      int i = a.replica().taskIndex();
      assertEquals(new AppPackage(app.name(), app.version(), app.archive(), app.entrypoint()), a.app());
      assertEquals(List.of("--prefix=1Lo", "--seed=s" + i), a.args());
      assertEquals(spec.inputs(), a.inputs());
      assertEquals(60_000, a.timeoutMs());
      assertNull(a.ticket(), "the gateway adds the ticket");
    }
    assertEquals(TaskStatus.RUNNING, status(0));
    assertEquals("w1", kit.getState().task(2).worker());
    assertEquals(TaskStatus.PENDING, status(1));
  }

  @Test
  void shouldAssignOnlyPendingTasksOnceEach() {
    started(4);
    assign("w1", 0, 2);
    var result = assign("w2", 2, 1, 1, -1, 4, 0, 3);
    assertEquals(List.of(ref(1, 1), ref(3, 1)), replicas(result.reply()));
    assertEquals(List.of(new ReplicasAssigned("w2", List.of(1, 3), clock.millis())), result.events());
    assertEquals("w1", kit.getState().task(2).worker());
  }

  @Test
  void shouldAssignNothingWhenNoAskedTaskIsPending() {
    start();
    var before = assign("w1", 0);
    assertEquals(Assigned.NONE, before.reply(), "no job yet");
    assertTrue(before.hasNoEvents());
    spec = Samples.job(jobId, 2);
    submit(spec);
    assign("w1", 0);
    var taken = assign("w2", 0);
    assertEquals(Assigned.NONE, taken.reply());
    assertTrue(taken.hasNoEvents());
    kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Cancel(OWNER, r));
    var cancelled = assign("w2", 1);
    assertEquals(Assigned.NONE, cancelled.reply());
    assertTrue(cancelled.hasNoEvents());
  }

  // ---- results ------------------------------------------------------------------------------

  @Test
  void shouldCompleteTasksAndTheJobAndWithdrawItFromTheScheduler() {
    started(2);
    assign("w1", 0, 1);
    clock.advance(Duration.ofSeconds(3));
    var result = report("w1", success(0, 1), success(1, 1));
    assertEquals(new Reported(List.of(ref(0, 1), ref(1, 1)), List.of()), result.reply());
    assertEquals(
        List.of(
            new TasksCompleted(
                "w1",
                List.of(new TaskResult(0, 1, RESULT, DIGEST, 1500), new TaskResult(1, 1, RESULT, DIGEST, 1500)),
                clock.millis())),
        result.events());
    scheduler.expectMessage(new Scheduler.Withdraw(jobId));
    JobView v = view();
    assertEquals("COMPLETED", v.state());
    assertEquals(clock.instant(), v.finishedAt());
    assertEquals(2, v.counts().get("COMPLETED"));
    TaskView t = taskView(1);
    assertEquals(RESULT, t.result());
    assertEquals(DIGEST, t.resultDigest());
    assertEquals("w1", t.worker());
  }

  @Test
  void shouldIgnoreReportsOfOtherWorkersAndOfUnknownReplicas() {
    started(3);
    assign("w1", 0, 1);
    TaskReport otherJob = new TaskReport(new ReplicaRef("job-elsewhere", 0, 1), true, RESULT, DIGEST, 0, null, 1);
    List<TaskReport> bad =
        List.of(success(0, 2), success(0, 0), success(2, 1), success(3, 1), success(-1, 1), otherJob);
    for (TaskReport r : bad) {
      var result = report("w1", r);
      assertTrue(result.hasNoEvents(), r::toString);
      assertEquals(new Reported(List.of(), List.of(r.replica())), result.reply());
    }
    var wrongWorker = report("w2", success(0, 1), failure(1, 1, "x", 1));
    assertTrue(wrongWorker.hasNoEvents());
    assertEquals(new Reported(List.of(), List.of(ref(0, 1), ref(1, 1))), wrongWorker.reply());
    assertEquals(TaskStatus.RUNNING, status(0));
    assertEquals(TaskStatus.RUNNING, status(1));
  }

  @Test
  void shouldCountOnlyTheFirstReportOfATaskInOneBatch() {
    started(1);
    assign("w1", 0);
    var result = report("w1", success(0, 1), failure(0, 1, "later", 2));
    assertEquals(new Reported(List.of(ref(0, 1)), List.of(ref(0, 1))), result.reply());
    assertEquals(1, result.events().size());
    assertInstanceOf(TasksCompleted.class, result.event());
    assertEquals(TaskStatus.COMPLETED, status(0));
  }

  @Test
  void shouldIgnoreReportsOfFinishedTasks() {
    started(2);
    assign("w1", 0, 1);
    report("w1", success(0, 1));
    var again = report("w1", success(0, 1), failure(0, 1, "x", 1));
    assertTrue(again.hasNoEvents());
    assertEquals(new Reported(List.of(), List.of(ref(0, 1), ref(0, 1))), again.reply());
  }

  @Test
  void shouldCompleteATaskWithALateSuccessOfAnEarlierAttempt() {
    started(1);
    assign("w1", 0);
    kit.runCommand(new JobEntity.WorkerLost("w1"));
    scheduler.expectMessage(new Scheduler.Add(jobId, spec.requirements(), List.of(0)));
    assertEquals(List.of(ref(0, 2)), replicas(assign("w2", 0).reply()));

    var late = report("w1", success(0, 1));
    assertEquals(new Reported(List.of(ref(0, 1)), List.of()), late.reply());
    assertEquals(new TaskResult(0, 1, RESULT, DIGEST, 1500), ((TasksCompleted) late.event()).results().get(0));
    assertEquals(TaskStatus.COMPLETED, status(0));
    scheduler.expectMessage(new Scheduler.Withdraw(jobId));

    var current = report("w2", success(0, 2));
    assertTrue(current.hasNoEvents(), "the task is done already");
    assertEquals(new Reported(List.of(), List.of(ref(0, 2))), current.reply());
  }

  @Test
  void shouldIgnoreALateFailureOfAnEarlierAttempt() {
    started(1);
    assign("w1", 0);
    kit.runCommand(new JobEntity.WorkerLost("w1"));
    var whilePending = report("w1", failure(0, 1, "killed", 137));
    assertTrue(whilePending.hasNoEvents());
    assign("w2", 0);
    var whileRunningElsewhere = report("w1", failure(0, 1, "killed", 137));
    assertTrue(whileRunningElsewhere.hasNoEvents());
    assertEquals(new Reported(List.of(), List.of(ref(0, 1))), whileRunningElsewhere.reply());
    assertEquals("w2", kit.getState().task(0).worker());
    assertEquals(1, kit.getState().task(0).failures);
  }

  @Test
  void shouldRequeueAFailedReplicaUntilMaxFailuresThenFailTheTaskAndTheJob() {
    started(Samples.job(jobId, 1, 1, 60_000));
    assign("w1", 0);
    clock.advance(Duration.ofSeconds(1));
    var first = report("w1", failure(0, 1, "segfault", 139));
    assertEquals(new Reported(List.of(ref(0, 1)), List.of()), first.reply());
    assertEquals(
        List.of(new ReplicasFailed("w1", List.of(new ReplicaFailure(0, 1, "segfault (exit 139)")), clock.millis())),
        first.events());
    scheduler.expectMessage(new Scheduler.Add(jobId, spec.requirements(), List.of(0)));
    assertEquals(TaskStatus.PENDING, status(0));

    assign("w2", 0);
    clock.advance(Duration.ofSeconds(1));
    report("w2", failure(0, 2, "", 1));
    assertEquals(TaskStatus.FAILED, status(0));
    scheduler.expectMessage(new Scheduler.Withdraw(jobId));
    JobView v = view();
    assertEquals("FAILED", v.state());
    assertEquals(clock.instant(), v.finishedAt());
    assertEquals(
        List.of("attempt 1 on w1: segfault (exit 139)", "attempt 2 on w2: failed (exit 1)"), taskView(0).errors());
    assertEquals(Assigned.NONE, assign("w3", 0).reply());
  }

  @Test
  void shouldTreatASuccessWithoutAValidResultAsAFailure() {
    started(3);
    assign("w1", 0, 1, 2);
    TaskReport noDigest = new TaskReport(ref(0, 1), true, RESULT, "not-a-digest", 0, null, 1);
    TaskReport noResult = new TaskReport(ref(1, 1), true, null, DIGEST, 0, null, 1);
    TaskReport badSha = new TaskReport(ref(2, 1), true, new DataRef("ABC", 1, "r.zip"), DIGEST, 0, null, 1);
    var result = report("w1", noDigest, noResult, badSha);
    assertEquals(new Reported(List.of(ref(0, 1), ref(1, 1), ref(2, 1)), List.of()), result.reply());
    ReplicasFailed e = assertInstanceOf(ReplicasFailed.class, result.event());
    assertEquals(3, e.failures().size());
    assertEquals("report without a valid result and digest (exit 0)", e.failures().get(0).reason());
    scheduler.expectMessage(new Scheduler.Add(jobId, spec.requirements(), List.of(0, 1, 2)));
  }

  @Test
  void shouldCutLongFailureReasons() {
    started(1);
    assign("w1", 0);
    var result = report("w1", failure(0, 1, "e".repeat(5000), 1));
    assertEquals(2000, ((ReplicasFailed) result.event()).failures().get(0).reason().length());
  }

  @Test
  void shouldJournalTheSuccessesAndFailuresOfOneReportTogether() {
    started(2);
    assign("w1", 0, 1);
    var result = report("w1", success(0, 1), failure(1, 1, "oom", 137));
    assertEquals(2, result.events().size());
    assertInstanceOf(TasksCompleted.class, result.events().get(0));
    assertInstanceOf(ReplicasFailed.class, result.events().get(1));
    scheduler.expectMessage(new Scheduler.Add(jobId, spec.requirements(), List.of(1)));
  }

  // ---- liveness -----------------------------------------------------------------------------

  @Test
  void shouldRequeueOnlyTheRunningReplicasOfALostWorker() {
    started(4);
    assign("w1", 0, 1);
    assign("w2", 2);
    report("w1", success(1, 1));
    clock.advance(Duration.ofSeconds(30));
    CommandResult<Command, Event, JobState> lost = kit.runCommand(new JobEntity.WorkerLost("w1"));
    assertEquals(
        List.of(new ReplicasFailed("w1", List.of(new ReplicaFailure(0, 1, "worker lost (no heartbeat)")), clock.millis())),
        lost.events());
    scheduler.expectMessage(new Scheduler.Add(jobId, spec.requirements(), List.of(0)));
    assertEquals(TaskStatus.PENDING, status(0));
    assertEquals(TaskStatus.COMPLETED, status(1));
    assertEquals("w2", kit.getState().task(2).worker());
    assertEquals(TaskStatus.PENDING, status(3));
    assertTrue(kit.runCommand(new JobEntity.WorkerLost("w1")).hasNoEvents(), "nothing left to lose");
    assertTrue(kit.runCommand(new JobEntity.WorkerLost("w3")).hasNoEvents());
    scheduler.expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldAbortReplicasOfFinishedTasksAndUnknownReplicasWhenReconciled() {
    started(3);
    assign("w1", 0, 1);
    report("w1", success(0, 1));
    ReplicaRef elsewhere = new ReplicaRef("job-elsewhere", 1, 1);
    var result = reconcile("w1", ref(0, 1), ref(1, 1), elsewhere, ref(7, 1), ref(-1, 1));
    assertTrue(result.hasNoEvents());
    assertEquals(new Reconciled(List.of(ref(0, 1), elsewhere, ref(7, 1), ref(-1, 1))), result.reply());
  }

  @Test
  void shouldAbortEveryReplicaOfACancelledOrUnknownJob() {
    start();
    assertEquals(new Reconciled(List.of(ref(0, 1))), reconcile("w1", ref(0, 1)).reply());
    spec = Samples.job(jobId, 2);
    submit(spec);
    assign("w1", 0, 1);
    kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Cancel(OWNER, r));
    var result = reconcile("w1", ref(0, 1), ref(1, 1));
    assertTrue(result.hasNoEvents());
    assertEquals(new Reconciled(List.of(ref(0, 1), ref(1, 1))), result.reply());
  }

  @Test
  void shouldFailReplicasTheWorkerDoesNotListOnlyAfterTheAssignmentGrace() {
    started(3);
    assign("w1", 0, 1);
    assign("w2", 2);
    clock.advance(Duration.ofSeconds(30));
    var inGrace = reconcile("w1", ref(1, 1));
    assertTrue(inGrace.hasNoEvents(), "30 s is the grace itself");
    assertEquals(new Reconciled(List.of()), inGrace.reply());

    clock.advance(Duration.ofMillis(1));
    var late = reconcile("w1", ref(1, 1));
    assertEquals(new Reconciled(List.of()), late.reply());
    assertEquals(
        List.of(
            new ReplicasFailed(
                "w1", List.of(new ReplicaFailure(0, 1, "the worker does not run it (assignment lost)", true)), clock.millis())),
        late.events());
    scheduler.expectMessage(new Scheduler.Add(jobId, spec.requirements(), List.of(0)));
    assertEquals(TaskStatus.RUNNING, status(1));
    assertEquals(TaskStatus.RUNNING, status(2), "another worker's replica");
  }

  @Test
  void shouldFailOverdueReplicasOnTheTickAfterTheirDeadline() {
    started(2); // timeout 60 s, so the deadline is 60 s + 2 min of grace after the assignment
    assign("w1", 0);
    clock.advance(Duration.ofSeconds(60));
    assign("w2", 1);
    long firstAssigned = clock.millis() - 60_000;

    advance(Duration.ofSeconds(120));
    assertEquals("RUNNING", taskView(0).state(), "exactly at the deadline");
    scheduler.expectNoMessage(Duration.ZERO);

    advance(Duration.ofSeconds(5));
    scheduler.expectMessage(new Scheduler.Add(jobId, spec.requirements(), List.of(0)));
    TaskView t0 = taskView(0);
    assertEquals("PENDING", t0.state());
    assertEquals(List.of("attempt 1 on w1: replica deadline passed"), t0.errors());
    assertEquals("RUNNING", taskView(1).state());
    assertTrue(clock.millis() - firstAssigned > 180_000);
  }

  @Test
  void shouldReofferPendingTasksWhenNothingWasAssignedForTheOfferRefresh() {
    started(3);
    assign("w1", 0);
    advance(Duration.ofSeconds(10));
    view();
    scheduler.expectNoMessage(Duration.ZERO);

    advance(Duration.ofSeconds(5));
    scheduler.expectMessage(new Scheduler.Offer(jobId, spec.requirements(), List.of(1, 2), List.of("w1")));
    advance(Duration.ofSeconds(5));
    view();
    scheduler.expectNoMessage(Duration.ZERO);

    assign("w2", 1);
    advance(Duration.ofSeconds(10));
    view();
    scheduler.expectNoMessage(Duration.ZERO);
    advance(Duration.ofSeconds(5));
    scheduler.expectMessage(new Scheduler.Offer(jobId, spec.requirements(), List.of(2), List.of("w1", "w2")));
  }

  @Test
  void shouldAskTheShardToPassivateAFinishedJobAfterFinishedIdle() {
    started(1);
    assign("w1", 0);
    report("w1", success(0, 1));
    scheduler.expectMessage(new Scheduler.Withdraw(jobId));

    advance(Duration.ofMinutes(1));
    view(); // looked at: finished-idle counts from now
    advance(Duration.ofMinutes(2));
    kit.<Boolean>runCommand(reply -> new JobEntity.MayRead("w1", "0".repeat(64), reply)); // sync, not a read
    shard.expectNoMessage(Duration.ZERO);
    advance(Duration.ofSeconds(5));
    shard.expectMessageClass(ClusterSharding.Passivate.class);
    advance(Duration.ofMinutes(5));
    view();
    shard.expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldNotPassivateARunningJob() {
    started(2);
    advance(Duration.ofMinutes(3)); // no replica, so no deadline; the offer refresh is harmless
    view();
    shard.expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldPassivateAJobThatDoesNotExistAtTheFirstTick() {
    start();
    view(OWNER);
    advance(Duration.ofSeconds(5));
    shard.expectMessageClass(ClusterSharding.Passivate.class);
  }

  @Test
  void shouldKeepAJobThatFinishedLateInMemoryForFinishedIdle() {
    started(1);
    assign("w1", 0);
    clock.advance(Duration.ofMinutes(10));
    report("w1", success(0, 1));
    advance(Duration.ofSeconds(5));
    view();
    shard.expectNoMessage(Duration.ZERO);
  }

  // ---- users --------------------------------------------------------------------------------

  @Test
  void shouldHideTheJobFromOtherUsersButNotFromItsOwnerOrAdmins() {
    start();
    String unknown = "404 unknown job '" + jobId + "'";
    assertEquals(unknown, notFound(view(OWNER)), "no job yet");
    spec = Samples.job(jobId, 2);
    submit(spec);
    assertEquals(unknown, notFound(view(OTHER)));
    assertEquals(
        unknown,
        notFound(kit.<StatusReply<TaskList>>runCommand(r -> new JobEntity.GetTasks(OTHER, 0, 10, r)).reply()));
    assertEquals(unknown, notFound(kit.<StatusReply<DataRef>>runCommand(r -> new JobEntity.GetResult(OTHER, 0, r)).reply()));
    var cancel = kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Cancel(OTHER, r));
    assertEquals(unknown, notFound(cancel.reply()));
    assertTrue(cancel.hasNoEvents());
    assertEquals(jobId, view(ADMIN).getValue().id());
    assertEquals(jobId, view(OWNER).getValue().id());
    assertEquals("RUNNING", view().state());
  }

  @Test
  void shouldCancelUnfinishedTasksAndWithdrawTheJob() {
    started(3);
    assign("w1", 0, 1);
    report("w1", success(0, 1));
    clock.advance(Duration.ofSeconds(9));
    var result = kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Cancel(ADMIN, r));
    assertEquals(List.of(new JobCancelled("root", clock.millis())), result.events());
    JobView v = result.reply().getValue();
    assertEquals("CANCELLED", v.state());
    assertEquals(clock.instant(), v.finishedAt());
    assertEquals(Map.of("PENDING", 0, "RUNNING", 0, "COMPLETED", 1, "FAILED", 0, "CANCELLED", 2), v.counts());
    scheduler.expectMessage(new Scheduler.Withdraw(jobId));

    var again = kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Cancel(OWNER, r));
    assertTrue(again.hasNoEvents());
    assertEquals(v, again.reply().getValue());
    var late = report("w1", success(1, 1));
    assertTrue(late.hasNoEvents());
    assertEquals(new Reported(List.of(), List.of(ref(1, 1))), late.reply());
    scheduler.expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldAnswerAFinishedJobsCancelWithItsView() {
    started(1);
    assign("w1", 0);
    report("w1", success(0, 1));
    var cancel = kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Cancel(OWNER, r));
    assertTrue(cancel.hasNoEvents());
    assertEquals("COMPLETED", cancel.reply().getValue().state());
  }

  @Test
  void shouldListTasksFromAnOffsetUpToALimit() {
    started(5);
    assign("w1", 2);
    TaskList page = kit.<StatusReply<TaskList>>runCommand(r -> new JobEntity.GetTasks(OWNER, 1, 2, r)).reply().getValue();
    assertEquals(jobId, page.jobId());
    assertEquals(
        List.of(
            new TaskView(1, "PENDING", 0, null, List.of("--prefix=1Lo", "--seed=s1"), null, null, List.of(), null, null),
            new TaskView(2, "RUNNING", 1, "w1", List.of("--prefix=1Lo", "--seed=s2"), null, null, List.of(), null, null)),
        page.tasks());
    assertEquals(List.of(3, 4), indexes(3, 100), "up to the last task");
    assertEquals(List.of(0), indexes(-5, 1), "from the first task");
    assertEquals(List.of(), indexes(9, 10), "past the last task");
    assertEquals(List.of(), indexes(0, -3), "no negative limit");
  }

  private List<Integer> indexes(int from, int limit) {
    return kit.<StatusReply<TaskList>>runCommand(r -> new JobEntity.GetTasks(OWNER, from, limit, r))
        .reply().getValue().tasks().stream().map(TaskView::index).toList();
  }

  @Test
  void shouldGiveTheResultOfCompletedTasksOnly() {
    started(2);
    assign("w1", 0, 1);
    report("w1", success(0, 1));
    assertEquals(RESULT, kit.<StatusReply<DataRef>>runCommand(r -> new JobEntity.GetResult(OWNER, 0, r)).reply().getValue());
    assertEquals(
        "404 task 1 has no result yet",
        notFound(kit.<StatusReply<DataRef>>runCommand(r -> new JobEntity.GetResult(OWNER, 1, r)).reply()));
    assertEquals(
        "404 job " + jobId + " has no task 2",
        notFound(kit.<StatusReply<DataRef>>runCommand(r -> new JobEntity.GetResult(ADMIN, 2, r)).reply()));
    notFound(kit.<StatusReply<DataRef>>runCommand(r -> new JobEntity.GetResult(OWNER, -1, r)).reply());
  }

  @Test
  void shouldLetWorkersReadOnlyTheAppAndInputsOfAnActiveJob() {
    start();
    String app = Samples.app().archive().sha256();
    assertFalse(kit.<Boolean>runCommand(r -> new JobEntity.MayRead("w1", app, r)).reply(), "no job");
    spec = Samples.job(jobId, 1);
    submit(spec);
    String input = spec.inputs().get(0).sha256();
    assertTrue(kit.<Boolean>runCommand(r -> new JobEntity.MayRead("w1", app, r)).reply());
    assertTrue(kit.<Boolean>runCommand(r -> new JobEntity.MayRead("w1", input, r)).reply());
    assertFalse(kit.<Boolean>runCommand(r -> new JobEntity.MayRead("w1", Samples.sha("other"), r)).reply());
    kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Cancel(OWNER, r));
    assertFalse(kit.<Boolean>runCommand(r -> new JobEntity.MayRead("w1", app, r)).reply(), "not any more");
  }

  // ---- recovery -----------------------------------------------------------------------------

  @Test
  void shouldRecoverTheSameStateAndOfferItsPendingTasksAgainWhenRestarted() {
    started(4);
    assign("w1", 0, 1);
    report("w1", success(0, 1), failure(1, 1, "flaky", 3));
    assign("w2", 2);
    scheduler.expectMessageClass(Scheduler.Add.class);
    JobState.Snapshot before = kit.getState().toSnapshot();

    JobState after = kit.restart().state();
    assertEquals(before, after.toSnapshot());
    scheduler.expectMessage(new Scheduler.Offer(jobId, spec.requirements(), List.of(1, 3), List.of("w2")));
    var next = assign("w3", 1);
    assertEquals(List.of(ref(1, 2)), replicas(next.reply()), "attempts go on from the journal");
  }

  @Test
  void shouldNotOfferAFinishedJobWhenRestarted() {
    started(1);
    assign("w1", 0);
    report("w1", success(0, 1));
    scheduler.expectMessage(new Scheduler.Withdraw(jobId));
    assertEquals(TaskStatus.COMPLETED, kit.restart().state().task(0).status());
    view();
    scheduler.expectNoMessage(Duration.ZERO);
  }

  @Test
  void shouldSnapshotThroughTheAdapterAndRecoverFromTheSnapshot() {
    start(TestingSettings.with("jobs.snapshot-every = 2", "jobs.keep-snapshots = 1"));
    spec = Samples.job(jobId, 3);
    submit(spec);
    assign("w1", 0);
    assign("w1", 1);
    report("w1", success(0, 1));
    assign("w2", 2);
    JobState.Snapshot before = kit.getState().toSnapshot();

    SnapshotTestKit snapshots = kit.snapshotTestKit().orElseThrow();
    List<Pair<SnapshotMeta, Object>> stored = snapshots.persistedInStorage("Job|" + jobId);
    assertFalse(stored.isEmpty(), "snapshot-every = 2");
    Pair<SnapshotMeta, Object> last = stored.get(stored.size() - 1);
    assertEquals(4, last.first().sequenceNr());
    JobState.Snapshot snap = assertInstanceOf(JobState.Snapshot.class, last.second());
    testKit.serializationTestKit().verifySerialization(snap, true);
    assertEquals(TaskStatus.COMPLETED, snap.tasks().get(0).status());

    assertEquals(before, kit.restart().state().toSnapshot());
  }

  @Test
  void shouldRecoverFromASnapshotAlone() {
    start();
    JobState s = JobState.empty().apply(new JobSubmitted(Samples.job(jobId, 3)));
    s.apply(new ReplicasAssigned("w1", List.of(0, 1), clock.millis()));
    s.apply(new TasksCompleted("w1", List.of(new TaskResult(1, 1, RESULT, DIGEST, 5)), clock.millis()));
    JobState.Snapshot snap = s.toSnapshot();
    kit.persistenceTestKit().clearByPersistenceId("Job|" + jobId);
    kit.snapshotTestKit().orElseThrow().persistForRecovery("Job|" + jobId, List.of(Pair.create(SnapshotMeta.create(3), snap)));

    JobState recovered = kit.restart().state();
    assertEquals(snap, recovered.toSnapshot());
    scheduler.expectMessage(new Scheduler.Offer(jobId, s.spec().requirements(), List.of(2), List.of("w1")));
    var next = report("w1", success(0, 1));
    assertInstanceOf(TasksCompleted.class, next.event());
    assertEquals(1, next.events().size());
  }
}
