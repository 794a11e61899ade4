package org.xwgrid.dispatcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.Reveal;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.crypto.Secp256k1Key;
import org.xwgrid.common.poco.Category;
import org.xwgrid.common.poco.Ledger;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.dispatcher.DispatcherSettings;
import org.xwgrid.dispatcher.job.JobEntity.Assigned;
import org.xwgrid.dispatcher.job.JobEntity.Command;
import org.xwgrid.dispatcher.job.JobEntity.Reconciled;
import org.xwgrid.dispatcher.job.JobEntity.Reported;
import org.xwgrid.dispatcher.job.JobState.Event;
import org.xwgrid.dispatcher.job.JobState.TaskStatus;
import org.xwgrid.dispatcher.ledger.LedgerEntity;
import org.xwgrid.dispatcher.schedule.Scheduler;
import org.xwgrid.dispatcher.testing.ManualClock;
import org.xwgrid.dispatcher.testing.Samples;
import org.xwgrid.dispatcher.testing.TestingActorSystem;
import org.xwgrid.dispatcher.testing.TestingSettings;
import org.xwgrid.dispatcher.worker.WorkerEntity;

/**
 * A certified job (docs/poco.md) on the in-memory journal with a real ledger entity: price
 * locked at submit, replicas by the optimistic prediction, commitments with stakes, consensus,
 * reveals, the drawn uploader, settlement and scores; and the deadlines under manual time.
 */
@ExtendWith(LogCapturingExtension.class)
class CertifiedJobEntityTest {
  private static final ActorTestKit testKit = TestingActorSystem.testKit("CertifiedJobEntityTest");
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final AtomicInteger ids = new AtomicInteger();
  private static final EventSourcedBehaviorTestKit.SerializationSettings CHECKED =
      EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false).withVerifyCommands(false);
  /** Period 10 s: contributions until 70 s, reveals until consensus + 20 s, final at 100 s. */
  private static final Category TEST = Category.of("TEST", Duration.ofSeconds(10));
  private static final DispatcherSettings SETTINGS = TestingSettings.with("poco.upload-timeout = 5s");
  private static final DataRef RESULT = Samples.data("result.zip");
  private static final String HONEST = Samples.hex32("honest output");
  private static final String WRONG = Samples.hex32("wrong output");
  private static final String A1 = "0x1000000000000000000000000000000000000001";
  private static final String A2 = "0x2000000000000000000000000000000000000002";
  private static final String A3 = "0x3000000000000000000000000000000000000003";
  private static final String A4 = "0x4000000000000000000000000000000000000004";

  private final String jobId = "cjob-" + ids.incrementAndGet();
  private final ManualClock clock = ManualClock.create();
  private final TestProbe<Scheduler.Command> scheduler = testKit.createTestProbe();
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private final TestProbe<WorkerEntity.Score> scores = testKit.createTestProbe();
  private final ActorRef<LedgerEntity.Command> ledger = testKit.spawn(LedgerEntity.create("ledger-" + jobId));
  private final ActorRef<WorkerEntity.Command> workers = testKit.spawn(testingWorkers(scores.ref()));
  private EventSourcedBehaviorTestKit<Command, Event, JobState> kit;
  private JobSpec spec;

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  /** Worker entities that answer every score with 1 and show it on the probe. */
  private static Behavior<WorkerEntity.Command> testingWorkers(ActorRef<WorkerEntity.Score> seen) {
    return Behaviors.receive(WorkerEntity.Command.class)
        .onMessage(
            WorkerEntity.Score.class,
            s -> {
              seen.tell(s);
              s.replyTo().tell(new WorkerEntity.Scored(1));
              return Behaviors.same();
            })
        .build();
  }

  private void deposit(String account, long amount) {
    TestProbe<StatusReply<LedgerEntity.Applied>> p = testKit.createTestProbe();
    ledger.tell(new LedgerEntity.Apply("deposit:" + account, List.of(new Ledger.Deposit(account, amount)), 0, p.ref()));
    assertTrue(p.receiveMessage().isSuccess());
  }

  private Map<String, Ledger.Account> balances() {
    TestProbe<LedgerEntity.Balances> p = testKit.createTestProbe();
    ledger.tell(new LedgerEntity.GetAll(p.ref()));
    return p.receiveMessage().accounts();
  }

  private StatusReply<JobView> start(int tasks, int trust, long price) {
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            JobEntity.create(jobId, SETTINGS, scheduler.ref(), clock, shard.ref(), ledger, id -> workers, new SplittableRandom(7)),
            CHECKED);
    spec = Samples.job(jobId, tasks).certified(trust, TEST, price, price * 30 / 100, 1);
    return kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Submit(spec, r)).reply();
  }

  private List<Assignment> assign(String worker, String address, Integer... tasks) {
    Assigned a = kit.<Assigned>runCommand(r -> new JobEntity.Assign(worker, List.of(tasks), r, address, 0, 0)).reply();
    return a.assignments();
  }

  private Reported contribute(String worker, String owner, String address, int task, int attempt, String digest) {
    ResultCommitment c = ResultCommitment.of(spec.taskId(task), digest, address);
    TaskReport r = TaskReport.contribution(new ReplicaRef(jobId, task, attempt), 0, 100, c.resultHash(), c.resultSeal());
    return kit.<Reported>runCommand(x -> new JobEntity.Report(worker, List.of(r), x, owner, 0)).reply();
  }

  private Reported reveal(String worker, int task, int attempt, String digest, DataRef result) {
    Reveal r = new Reveal(new ReplicaRef(jobId, task, attempt), digest, result);
    return kit.<Reported>runCommand(x -> new JobEntity.RevealResults(worker, List.of(r), x)).reply();
  }

  private Reconciled reconcile(String worker, ReplicaRef... held) {
    return kit.<Reconciled>runCommand(r -> new JobEntity.Reconcile(worker, List.of(held), r)).reply();
  }

  private ReplicaRef ref(int task, int attempt) {
    return new ReplicaRef(jobId, task, attempt);
  }

  private void timePasses(Duration d) {
    clock.advance(d);
    manualTime.timePasses(d);
  }

  private JobState state() {
    return kit.getState();
  }

  @Test
  void shouldCertifyATaskLockPayAndScoreEveryone() {
    deposit("user:alice", 100);
    deposit("user:bob", 10);
    deposit("user:carol", 10);
    assertTrue(start(1, 3, 10).isSuccess());
    assertEquals(new Ledger.Account(90, 10), balances().get("user:alice"), "price × tasks locked at submit");
    scheduler.expectMessageClass(Scheduler.Offer.class);

    // trust 3: two fresh workers (weight 2 each) are enough in the best case, so a third gets nothing
    Assignment first = assign("w1", A1, 0).get(0);
    assertEquals(spec.taskId(0), first.taskId());
    assertEquals(ref(0, 1), first.replica());
    assertTrue(assign("w1", A1, 0).isEmpty(), "never two replicas of a task to one worker");
    assertEquals(ref(0, 2), assign("w2", A2, 0).get(0).replica());
    assertTrue(assign("w3", A3, 0).isEmpty(), "the prediction needs no third replica");

    assertEquals(List.of(ref(0, 1)), contribute("w1", "bob", A1, 0, 1, HONEST).accepted());
    assertEquals(new Ledger.Account(7, 3), balances().get("user:bob"), "the contribution locked its stake");
    assertEquals(ReplicatedTask.Phase.OPEN, state().task(0).poco().phase());
    contribute("w2", "carol", A2, 0, 2, HONEST);
    ReplicatedTask p = state().task(0).poco();
    assertEquals(ReplicatedTask.Phase.REVEALING, p.phase());

    // the heartbeat asks the winners to reveal; a reveal before consensus would not count
    assertEquals(List.of(ref(0, 1)), reconcile("w1", ref(0, 1)).reveal());
    assertEquals(List.of(ref(0, 1)), reveal("w1", 0, 1, HONEST, null).accepted());
    assertNull(state().task(0).poco().uploader(), "the uploader is drawn once every winner revealed");
    reveal("w2", 0, 2, HONEST, null);
    String uploader = state().task(0).poco().uploader();
    assertTrue(Set.of("w1", "w2").contains(uploader));
    int attempt = uploader.equals("w1") ? 1 : 2;
    assertEquals(List.of(ref(0, attempt)), reconcile(uploader, ref(0, attempt)).upload());
    String other = uploader.equals("w1") ? "w2" : "w1";
    assertTrue(reconcile(other, ref(0, 3 - attempt)).upload().isEmpty());

    reveal(uploader, 0, attempt, HONEST, RESULT);
    assertEquals(TaskStatus.COMPLETED, state().task(0).status());
    assertEquals(RESULT, state().task(0).result());
    assertEquals(JobState.JobStatus.COMPLETED, state().status());

    // settlement: requester pays 10; 9 go to the two winners (log2 2 = 1 each: 4 + 4), 2 to the pool
    awaitSettled(0);
    for (int i = 0; i < 2; i++) {
      WorkerEntity.Score s = scores.receiveMessage();
      assertTrue(s.won() && s.replicated(), "both winners score, the task was replicated");
      assertEquals("settle:" + jobId + ":0", s.key());
    }
    Map<String, Ledger.Account> b = balances();
    assertEquals(new Ledger.Account(90, 0), b.get("user:alice"));
    assertEquals(new Ledger.Account(14, 0), b.get("user:bob"));
    assertEquals(new Ledger.Account(14, 0), b.get("user:carol"));
    assertEquals(new Ledger.Account(2, 0), b.get("pool"));
    assertEquals(120, b.values().stream().mapToLong(Ledger.Account::sum).sum(), "the ledger balances");
    assertEquals(List.of(ref(0, 1)), reconcile("w1", ref(0, 1)).abort(), "a finished task's outputs are forgotten");

    // a restart settles nothing twice
    kit.restart();
    timePasses(Duration.ofSeconds(6));
    scores.expectNoMessage(Duration.ofMillis(200));
    assertEquals(b, balances());
  }

  /**
   * Settlement asks the real ledger and worker entities: give them real time to answer between
   * small steps of manual time (which fire the entity's retry tick should an ask time out).
   */
  private void awaitSettled(int task) {
    for (int i = 0; i < 200 && !state().task(task).settled(); i++) {
      sleep(50);
      timePasses(Duration.ofMillis(100));
    }
    assertTrue(state().task(task).settled());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldRejectAWrongRevealAndSeizeTheStakeOfTheLosers() {
    deposit("user:alice", 100);
    for (String u : List.of("bob", "carol", "dave", "erin")) {
      deposit("user:" + u, 10);
    }
    start(1, 3, 10);
    assign("w1", A1, 0);
    assign("w2", A2, 0);
    contribute("w1", "bob", A1, 0, 1, WRONG); // a saboteur
    assertTrue(state().ready(clock.millis()).isEmpty(), "optimistic: the pending replica may still agree");
    contribute("w2", "carol", A2, 0, 2, HONEST);
    assertEquals(List.of(0), state().ready(clock.millis()), "disagreement: the task wants more replicas");
    assertEquals(ref(0, 3), assign("w3", A3, 0).get(0).replica());
    contribute("w3", "dave", A3, 0, 3, HONEST);
    assertEquals(ReplicatedTask.Phase.OPEN, state().task(0).poco().phase(), "credibility 4/7 is below 2/3");
    assertEquals(ref(0, 4), assign("w4", A4, 0).get(0).replica());
    contribute("w4", "erin", A4, 0, 4, HONEST);
    ReplicatedTask p = state().task(0).poco();
    assertEquals(ReplicatedTask.Phase.REVEALING, p.phase(), "8/11 is above 2/3");
    assertEquals(ResultCommitment.of(spec.taskId(0), HONEST, A2).resultHash(), p.consensusHash());
    assertEquals(List.of(ref(0, 1)), reconcile("w1", ref(0, 1)).abort(), "the loser is not asked to reveal");

    // w3 reveals a digest that is not the one it committed to: rejected and penalised
    assertEquals(List.of(ref(0, 3)), reveal("w3", 0, 3, WRONG, null).accepted());
    assertEquals(ReplicatedTask.ReplicaStatus.FAILED, state().task(0).poco().replica("w3").status());
    // w1 cannot reveal the honest digest to join the winners: its commitment was another one
    assertEquals(List.of(ref(0, 1)), reveal("w1", 0, 1, HONEST, null).ignored());
    reveal("w2", 0, 2, HONEST, null);
    assertNull(state().task(0).poco().uploader());
    reveal("w4", 0, 4, HONEST, null);
    String uploader = state().task(0).poco().uploader();
    assertTrue(Set.of("w2", "w4").contains(uploader), uploader);
    reveal(uploader, 0, uploader.equals("w2") ? 2 : 4, HONEST, RESULT);
    awaitSettled(0);
    // pot = 10 + 3 (bob's stake) + 3 (dave's) = 16; the winners share 16 · 99 % = 15: 7 each; the pool 2
    Map<String, Ledger.Account> b = balances();
    assertEquals(new Ledger.Account(7, 0), b.get("user:bob"));
    assertEquals(new Ledger.Account(7, 0), b.get("user:dave"));
    assertEquals(new Ledger.Account(17, 0), b.get("user:carol"));
    assertEquals(new Ledger.Account(17, 0), b.get("user:erin"));
    assertEquals(new Ledger.Account(2, 0), b.get("pool"));
    assertEquals(140, b.values().stream().mapToLong(Ledger.Account::sum).sum(), "the ledger balances");
    int winners = 0;
    for (int i = 0; i < 4; i++) {
      winners += scores.receiveMessage().won() ? 1 : 0;
    }
    assertEquals(2, winners, "two winners, two losers scored");
  }

  /** Trust 3, one task: w1 (bob's) and w2 (carol's) contribute the honest result, which reaches consensus. */
  private void twoFreshWorkersAgree() {
    deposit("user:alice", 100);
    deposit("user:bob", 10);
    deposit("user:carol", 10);
    start(1, 3, 10);
    assign("w1", A1, 0);
    assign("w2", A2, 0);
    contribute("w1", "bob", A1, 0, 1, HONEST);
    contribute("w2", "carol", A2, 0, 2, HONEST);
    assertEquals(ReplicatedTask.Phase.REVEALING, state().task(0).poco().phase());
  }

  @Test
  void shouldChooseTheUploaderAtOnceWhenTheLastWinnerToRevealIsRejected() {
    twoFreshWorkersAgree();
    reveal("w2", 0, 2, HONEST, null);
    assertNull(state().task(0).poco().uploader(), "w1 is still to reveal");

    // w1 committed to the honest digest but reveals another one, after w2: w2 uploads now, not at the reveal deadline
    assertEquals(List.of(ref(0, 1)), reveal("w1", 0, 1, WRONG, null).accepted());
    ReplicatedTask p = state().task(0).poco();
    assertEquals(ReplicatedTask.ReplicaStatus.FAILED, p.replica("w1").status());
    assertEquals("w2", p.uploader());
    assertEquals(List.of(ref(0, 2)), reconcile("w2", ref(0, 2)).upload());
    reveal("w2", 0, 2, HONEST, RESULT);
    assertEquals(TaskStatus.COMPLETED, state().task(0).status());
  }

  @Test
  void shouldReopenWhenNobodyRevealsThenFailAtTheFinalDeadlineAndRefund() {
    twoFreshWorkersAgree();
    timePasses(Duration.ofSeconds(21)); // past the reveal deadline (consensus + 2T)
    ReplicatedTask p = state().task(0).poco();
    assertEquals(ReplicatedTask.Phase.OPEN, p.phase(), "reopened");
    assertEquals(ReplicatedTask.ReplicaStatus.FAILED, p.replica("w1").status());
    assertEquals(ref(0, 3), assign("w3", A3, 0).get(0).replica(), "the reopened task wants replicas again");
    timePasses(Duration.ofSeconds(60)); // past the contribution deadline (7T) without consensus
    assertEquals(TaskStatus.FAILED, state().task(0).status());
    awaitSettled(0);
    Map<String, Ledger.Account> b = balances();
    assertEquals(new Ledger.Account(100, 0), b.get("user:alice"), "the requester is refunded");
    assertEquals(new Ledger.Account(10, 0), b.get("user:bob"), "stakes unlocked");
    assertEquals(new Ledger.Account(10, 0), b.get("user:carol"));
    scores.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void shouldGiveAWorkerWhoseReplicaWasLostWithoutVotingAnotherOne() {
    deposit("user:alice", 100);
    deposit("user:bob", 10);
    start(1, 3, 10);
    assign("w1", A1, 0);
    assertTrue(assign("w1", A1, 0).isEmpty());
    timePasses(Duration.ofSeconds(31)); // the assignment grace: its heartbeats do not list it
    reconcile("w1"); // lost: not listed past the grace
    assertEquals(ReplicatedTask.ReplicaStatus.FAILED, state().task(0).poco().replica("w1").status());
    assertEquals(ref(0, 2), assign("w1", A1, 0).get(0).replica(), "it never voted: it may take the task again");
    assertEquals(List.of(), contribute("w1", "bob", A1, 0, 1, HONEST).accepted(), "the lost replica's report is stale");
    assertEquals(List.of(ref(0, 2)), contribute("w1", "bob", A1, 0, 2, HONEST).accepted());
    assertEquals("CONTRIBUTED", state().taskView(0, null).poco().replicas().get(1).status());
    assertEquals("FAILED", state().taskView(0, null).poco().replicas().get(0).status());
    assertTrue(assign("w1", A1, 0).isEmpty(), "but never after it voted");
  }

  @Test
  void shouldLeaveAContributionUnacknowledgedWhenTheLedgerDoesNotAnswer() {
    TestProbe<LedgerEntity.Command> silent = testKit.createTestProbe();
    DispatcherSettings quick = TestingSettings.with("http.ask-timeout = 300ms");
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            JobEntity.create(jobId, quick, scheduler.ref(), clock, shard.ref(), silent.ref(), id -> workers, new SplittableRandom(7)),
            CHECKED);
    spec = Samples.job(jobId, 1).certified(3, TEST, 0, 3, 1); // free for the requester, staked for workers
    kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Submit(spec, r));
    assign("w1", A1, 0);
    ResultCommitment c = ResultCommitment.of(spec.taskId(0), HONEST, A1);
    TaskReport report = TaskReport.contribution(ref(0, 1), 0, 100, c.resultHash(), c.resultSeal());
    TestProbe<Reported> reply = testKit.createTestProbe();
    kit.runCommand(new JobEntity.Report("w1", List.of(report), reply.ref(), "bob", 0));
    silent.expectMessageClass(LedgerEntity.Apply.class);
    timePasses(Duration.ofMillis(400)); // the ledger's answer is overdue
    Reported first = reply.receiveMessage();
    assertTrue(first.accepted().isEmpty() && first.ignored().isEmpty(), "neither: the worker sends it again");
    assertEquals(ReplicatedTask.ReplicaStatus.ASSIGNED, state().task(0).poco().replica("w1").status());

    kit.runCommand(new JobEntity.Report("w1", List.of(report), reply.ref(), "bob", 0));
    LedgerEntity.Apply lock = silent.expectMessageClass(LedgerEntity.Apply.class);
    assertEquals("stake:" + jobId + ":0:1", lock.key(), "the same key: locked once whatever the retries");
    lock.replyTo().tell(StatusReply.success(new LedgerEntity.Applied(false)));
    assertEquals(List.of(ref(0, 1)), reply.receiveMessage().accepted());
    assertEquals(ReplicatedTask.ReplicaStatus.CONTRIBUTED, state().task(0).poco().replica("w1").status());
  }

  @Test
  void shouldKeepADealsTaskThatTheHubShowedBeforeAnyReplicaWasAssigned() {
    org.xwgrid.common.api.WorkerApi.ChainTerms chain =
        new org.xwgrid.common.api.WorkerApi.ChainTerms(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            JobEntity.create(jobId, SETTINGS, scheduler.ref(), clock, shard.ref(), ledger, id -> workers, new SplittableRandom(7)),
            CHECKED);
    spec = Samples.job(jobId, 1).certified(1, TEST, 0, 0, 1).forDeal("0x" + "ab".repeat(32), chain);
    kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Submit(spec, r));
    kit.runCommand(new JobEntity.ObserveChain(0, "ACTIVE", null, List.of()));
    assertEquals(List.of(0), state().ready(clock.millis()), "offered to the scheduler");
    timePasses(Duration.ofSeconds(11 * 10)); // past 10 T: but no replica ever started, no deadline runs yet
    assertEquals(TaskStatus.PENDING, state().task(0).status(), state().task(0).errors().toString());
    assertEquals(ref(0, 1), assign("w1", A1, 0).get(0).replica(), "the first worker to come gets it");
  }

  @Test
  void shouldRequireTheWorkersRelaySignaturesOnAnOnChainDeal() {
    String hub = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    org.xwgrid.common.api.WorkerApi.ChainTerms chain = new org.xwgrid.common.api.WorkerApi.ChainTerms(31337, hub);
    org.xwgrid.common.crypto.RelaySignatures relay = new org.xwgrid.common.crypto.RelaySignatures(31337, hub);
    Secp256k1Key k1 = Secp256k1Key.of(java.math.BigInteger.valueOf(11));
    Secp256k1Key k2 = Secp256k1Key.of(java.math.BigInteger.valueOf(12));
    Secp256k1Key k3 = Secp256k1Key.of(java.math.BigInteger.valueOf(13));
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            JobEntity.create(jobId, SETTINGS, scheduler.ref(), clock, shard.ref(), ledger, id -> workers, new SplittableRandom(7)),
            CHECKED);
    spec = Samples.job(jobId, 1).certified(3, TEST, 0, 0, 1).forDeal("0x" + "ab".repeat(32), chain);
    kit.<StatusReply<JobView>>runCommand(r -> new JobEntity.Submit(spec, r));
    Assignment a1 = assign("w1", k1.address(), 0).get(0);
    assertEquals(chain, a1.chain(), "the worker learns it must sign for the hub");
    assertEquals(spec.taskId(0), a1.taskId());
    assign("w2", k2.address(), 0);

    // w1 signs with another key: its contribution cannot be relayed, it fails
    ResultCommitment c1 = ResultCommitment.of(spec.taskId(0), HONEST, k1.address());
    String forged = relay.signContribution(spec.taskId(0), c1.resultHash(), c1.resultSeal(), k3);
    report("w1", TaskReport.contribution(ref(0, 1), 0, 100, c1.resultHash(), c1.resultSeal(), forged));
    assertEquals(ReplicatedTask.ReplicaStatus.FAILED, state().task(0).poco().replica("w1").status());
    assertTrue(state().task(0).errors().get(0).contains("relay signature"), state().task(0).errors().toString());

    ResultCommitment c2 = ResultCommitment.of(spec.taskId(0), HONEST, k2.address());
    String s2 = relay.signContribution(spec.taskId(0), c2.resultHash(), c2.resultSeal(), k2);
    report("w2", TaskReport.contribution(ref(0, 2), 0, 100, c2.resultHash(), c2.resultSeal(), s2));
    assertEquals(s2, state().task(0).poco().replica("w2").contributionSign(), "kept for the oracle to relay");
    assign("w3", k3.address(), 0);
    ResultCommitment c3 = ResultCommitment.of(spec.taskId(0), HONEST, k3.address());
    report("w3", TaskReport.contribution(ref(0, 3), 0, 100, c3.resultHash(), c3.resultSeal(),
        relay.signContribution(spec.taskId(0), c3.resultHash(), c3.resultSeal(), k3)));
    assertEquals(ReplicatedTask.Phase.OPEN, state().task(0).poco().phase(), "the hub decides consensus, not the grid");
    assertTrue(state().ready(clock.millis()).isEmpty(), "the grid's own prediction is met: no more replicas yet");

    // the oracle read the hub: both contributions there, no consensus yet (on-chain weights are lower)
    kit.runCommand(new JobEntity.ObserveChain(0, "ACTIVE", null, List.of(k2.address(), k3.address())));
    assertEquals(List.of(0), state().ready(clock.millis()), "the hub holds all and wants more: one more replica");
    assertTrue(kit.runCommand(new JobEntity.ObserveChain(0, "ACTIVE", null, List.of(k3.address(), k2.address())))
        .events().isEmpty(), "nothing new, nothing journaled");
    // the hub reached consensus: the grid's task reveals with the hub's value
    kit.runCommand(new JobEntity.ObserveChain(0, "REVEALING", c2.resultHash(), List.of(k2.address(), k3.address())));
    assertEquals(ReplicatedTask.Phase.REVEALING, state().task(0).poco().phase());
    assertEquals(c2.resultHash(), state().task(0).poco().consensusHash());
    JobEntity.ChainView view =
        kit.<StatusReply<JobEntity.ChainView>>runCommand(JobEntity.GetChainView::new).reply().getValue();
    assertEquals(spec.taskId(0), view.tasks().get(0).taskId());
    assertEquals("REVEALING", view.tasks().get(0).phase());
    assertEquals(s2, view.tasks().get(0).replicas().get(1).contributionSign(), "the oracle reads what it relays");

    // a reveal signed by someone else is rejected; a well-signed one is kept with its signature
    kit.<Reported>runCommand(x -> new JobEntity.RevealResults("w2",
        List.of(new Reveal(ref(0, 2), HONEST, null, relay.signReveal(spec.taskId(0), HONEST, k3))), x));
    assertEquals(ReplicatedTask.ReplicaStatus.FAILED, state().task(0).poco().replica("w2").status());
    String s3 = relay.signReveal(spec.taskId(0), HONEST, k3);
    kit.<Reported>runCommand(x -> new JobEntity.RevealResults("w3", List.of(new Reveal(ref(0, 3), HONEST, null, s3)), x));
    assertEquals(s3, state().task(0).poco().replica("w3").revealSign());
    assertEquals("w3", state().task(0).poco().uploader());
    JobState restored = JobState.fromSnapshot(state().toSnapshot());
    assertEquals(s3, restored.task(0).poco().replica("w3").revealSign());
    assertEquals(s2, restored.task(0).poco().replica("w2").contributionSign());
  }

  private Reported report(String worker, TaskReport r) {
    return kit.<Reported>runCommand(x -> new JobEntity.Report(worker, List.of(r), x, "bob", 0)).reply();
  }

  @Test
  void shouldGiveAWorkerNoMoreRunningReplicasThanItHasSlots() {
    deposit("user:alice", 100);
    start(5, 3, 10);
    Assigned a = kit.<Assigned>runCommand(r -> new JobEntity.Assign("w1", List.of(0, 1, 2, 3, 4), r, A1, 0, 2)).reply();
    assertEquals(2, a.assignments().size(), "two slots");
    Assigned more = kit.<Assigned>runCommand(r -> new JobEntity.Assign("w1", List.of(2, 3, 4), r, A1, 0, 2)).reply();
    assertTrue(more.assignments().isEmpty(), "both slots hold a replica of this job");
  }

  @Test
  void shouldRefundTheRequesterAndUnlockStakesWhenTheJobIsCancelled() {
    deposit("user:alice", 100);
    deposit("user:bob", 10);
    start(3, 3, 10);
    assign("w1", A1, 0);
    contribute("w1", "bob", A1, 0, 1, HONEST);
    assertEquals(new Ledger.Account(70, 30), balances().get("user:alice"));
    StatusReply<JobView> r =
        kit.<StatusReply<JobView>>runCommand(x -> new JobEntity.Cancel(new JobEntity.Caller("alice", false), x)).reply();
    assertEquals("CANCELLED", r.getValue().state());
    for (int i = 0; i < 3; i++) {
      awaitSettled(i);
    }
    assertEquals(new Ledger.Account(100, 0), balances().get("user:alice"));
    assertEquals(new Ledger.Account(10, 0), balances().get("user:bob"));
    assertEquals(List.of(ref(0, 1)), reconcile("w1", ref(0, 1)).abort(), "the held output is forgotten");
  }

  @Test
  void shouldRefuseAJobWhoseRequesterCannotPayAndLockNothing() {
    deposit("user:alice", 5);
    StatusReply<JobView> r = start(2, 3, 10);
    assertTrue(r.isError());
    assertTrue(r.getError().getMessage().startsWith("402 "), r.getError().getMessage());
    assertEquals(new Ledger.Account(5, 0), balances().get("user:alice"));
    assertEquals(JobState.JobStatus.CANCELLED, state().status());
    assertTrue(state().unsettled().isEmpty());
    scheduler.expectMessageClass(Scheduler.Withdraw.class);
  }

  @Test
  void shouldFailAContributionWhoseStakeCannotBeLocked() {
    deposit("user:alice", 100);
    start(1, 3, 10);
    assign("w1", A1, 0);
    Reported r = contribute("w1", "bob", A1, 0, 1, HONEST); // bob has no credits
    assertEquals(List.of(ref(0, 1)), r.accepted());
    assertEquals(ReplicatedTask.ReplicaStatus.FAILED, state().task(0).poco().replica("w1").status());
    assertTrue(state().task(0).errors().get(0).contains("stake"), state().task(0).errors().toString());
  }

  @Test
  void shouldRecoverACertifiedJobFromItsSnapshot() {
    deposit("user:alice", 100);
    deposit("user:bob", 10);
    start(2, 3, 10);
    assign("w1", A1, 0, 1);
    contribute("w1", "bob", A1, 0, 1, HONEST);
    JobState restored = JobState.fromSnapshot(state().toSnapshot());
    assertEquals(state().view(), restored.view());
    assertEquals(state().taskView(0, null), restored.taskView(0, null));
    assertEquals(state().ready(clock.millis()), restored.ready(clock.millis()));
    assertEquals(state().runningOn("w1"), restored.runningOn("w1"));
  }
}
