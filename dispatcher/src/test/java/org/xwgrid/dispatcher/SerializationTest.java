package org.xwgrid.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.ClientApi;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.common.api.TaskLimits;
import org.xwgrid.common.api.WorkerApi;
import org.xwgrid.dispatcher.account.AccountEntity;
import org.xwgrid.dispatcher.account.Role;
import org.xwgrid.dispatcher.app.AppCatalog;
import org.xwgrid.dispatcher.job.JobEntity;
import org.xwgrid.dispatcher.job.JobEntity.Caller;
import org.xwgrid.dispatcher.job.JobSpec;
import org.xwgrid.dispatcher.job.JobState;
import org.xwgrid.dispatcher.schedule.Scheduler;
import org.xwgrid.dispatcher.testing.Samples;
import org.xwgrid.dispatcher.testing.TestingActorSystem;
import org.xwgrid.dispatcher.worker.WorkerEntity;
import org.xwgrid.dispatcher.ledger.LedgerEntity;
import org.xwgrid.common.poco.Ledger;

/**
 * Every persisted event and state and every message that crosses nodes round-trips through the
 * jackson-cbor binding of {@code xwgrid-dispatcher.conf}; every record of the HTTP API
 * round-trips through {@link Json#mapper()}. The sample lists are checked against the classes
 * themselves, so a new event, command or API record without a sample fails here.
 */
@ExtendWith(LogCapturingExtension.class)
class SerializationTest {
  private static final ActorTestKit testKit = TestingActorSystem.testKit("SerializationTest");
  private static final SerializationTestKit serialization = testKit.serializationTestKit();
  private static final long T = Samples.SUBMITTED_AT.toEpochMilli();
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678901Z");

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private static <T> ActorRef<T> ref() {
    return testKit.<T>createTestProbe().ref();
  }

  // ---- samples -------------------------------------------------------------------------------

  private static final DataRef DATA = Samples.data("input.csv");
  private static final ReplicaRef REPLICA = new ReplicaRef("job-1", 3, 2);
  private static final Capabilities CAPS = Samples.linux(8, 16384, "gpu", "ssd");
  private static final Requirements REQ = new Requirements("linux", "amd64", 2, 1024, List.of("gpu"));
  private static final JobSpec SPEC = sweepSpec();
  private static final JobSpec CERTIFIED = SPEC.certified(10, org.xwgrid.common.poco.Category.XS, 50, 15, 1);
  private static final WorkerApi.ChainTerms CHAIN = new WorkerApi.ChainTerms(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");

  private static JobSpec sweepSpec() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("seed", "s{index}");
    args.put("out", "o.txt");
    Map<String, List<String>> sweep = new LinkedHashMap<>();
    sweep.put("zoom", List.of("1", "2"));
    sweep.put("x", List.of("a", "b", "c"));
    return new JobSpec("job-1", "render", "alice", Samples.app(), 6, args, sweep, List.of(DATA), 60_000, 2, REQ, AT);
  }

  private static JobState.TaskResult taskResult() {
    return new JobState.TaskResult(1, 2, Samples.data("r.zip"), Samples.sha("digest"), 1234);
  }

  private static JobState.ReplicaFailure replicaFailure() {
    return new JobState.ReplicaFailure(2, 1, "segfault (exit 139)");
  }

  private static JobState.Snapshot snapshot() {
    JobState s = JobState.empty().apply(new JobState.JobSubmitted(SPEC));
    s.apply(new JobState.ReplicasAssigned("w1", List.of(0, 1, 2), T));
    s.apply(new JobState.TasksCompleted("w1", List.of(new JobState.TaskResult(1, 1, DATA, Samples.sha("d"), 9)), T + 1));
    s.apply(new JobState.ReplicasFailed("w1", List.of(new JobState.ReplicaFailure(2, 1, "boom")), T + 2));
    return s.toSnapshot();
  }

  /** A certified job's snapshot: replicas, a vote with a rejected group, a reveal, an uploader. */
  private static JobState.Snapshot certifiedSnapshot() {
    JobState s = JobState.empty().apply(new JobState.JobSubmitted(CERTIFIED));
    s.apply(new JobState.JobFunded(T));
    s.apply(new JobState.ReplicasAssigned("w1", List.of(0, 1), T, ADDRESS, 1));
    s.apply(new JobState.ReplicasAssigned("w2", List.of(0), T, ADDRESS, 1));
    s.apply(new JobState.Contributed("w1", List.of(new JobState.Contribution(0, 1, Samples.hex32("a"), Samples.hex32("b"), 1)), T + 1, "user:bob"));
    return s.toSnapshot();
  }

  /** A deal's task the oracle has seen on the hub. */
  private static JobState.Snapshot dealSnapshot() {
    JobState s = JobState.empty().apply(new JobState.JobSubmitted(CERTIFIED.forDeal(Samples.hex32("deal"), CHAIN, 2)));
    s.apply(new JobState.ReplicasAssigned("w1", List.of(0), T, ADDRESS, 1));
    s.apply(new JobState.ChainObserved(0, "ACTIVE", null, List.of(ADDRESS), T));
    return s.toSnapshot();
  }

  private static final List<Ledger.Op> LEDGER_OPS =
      List.of(
          new Ledger.Deposit("alice", 100),
          new Ledger.Withdraw("alice", 1),
          new Ledger.Lock("alice", 40),
          new Ledger.Unlock("alice", 5),
          new Ledger.Move("alice", "task:job-1/3", 5));

  private static final String ADDRESS = "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf";

  private static WorkerEntity.State workerState() {
    return new WorkerEntity.State(
        "w1", "lab-pc", "bob", CAPS, 4, Samples.sha("t"), WorkerEntity.Status.LOST, T, T + 5,
        List.of("2026-01-01T00:00:00Z registered", "2026-01-01T00:00:00.005Z lost: no heartbeat for 20s"),
        ADDRESS, 12, List.of("settle:job-1:3"));
  }

  private static ClientApi.AppView appView() {
    return new ClientApi.AppView("pi", "1.0", "native", DATA, List.of("bin/pi"), REQ, "Monte Carlo", "alice", AT);
  }

  private static ClientApi.JobView jobView() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("PENDING", 1);
    counts.put("COMPLETED", 2);
    return new ClientApi.JobView("job-1", "render", "alice", "pi", "RUNNING", 3, counts, AT, null, 10, "XS", 50);
  }

  private static ClientApi.TaskView taskView() {
    return new ClientApi.TaskView(0, "FAILED", 2, "w1", List.of("--seed=1"), null, null, List.of("attempt 1 on w1: boom"), null, null);
  }

  private static final String TASK_ID = CERTIFIED.taskId(3);

  private static ClientApi.PocoView pocoView() {
    return new ClientApi.PocoView(
        TASK_ID, "REVEALING", 0.995, 0.9, Samples.hex32("a"), Samples.hex32("a"), "w2",
        List.of(new ClientApi.ReplicaView(1, "w1", ADDRESS, "REVEALED", Samples.hex32("a"), 3),
            new ClientApi.ReplicaView(2, "w2", ADDRESS, "ASSIGNED", null, 0)));
  }

  private static WorkerApi.TaskReport taskReport() {
    return new WorkerApi.TaskReport(REPLICA, true, DATA, Samples.sha("digest"), 0, null, 4200);
  }

  private static WorkerApi.TaskReport contribution() {
    return WorkerApi.TaskReport.contribution(REPLICA, 0, 4200, Samples.hex32("a"), Samples.hex32("b"));
  }

  private static WorkerApi.Assignment assignment() {
    return new WorkerApi.Assignment(
        REPLICA, new WorkerApi.AppPackage("pi", "1.0", DATA, List.of("bin/pi", "-q")), List.of("--seed=3"),
        List.of(DATA), 60_000, "job-1.1767225600000.mac");
  }

  /** The persisted events of every entity. */
  private static List<Object> events() {
    return List.of(
        new JobState.JobSubmitted(SPEC),
        new JobState.ReplicasAssigned("w1", List.of(0, 5), T),
        new JobState.TasksCompleted("w1", List.of(taskResult()), T),
        new JobState.ReplicasFailed("-", List.of(replicaFailure()), T),
        new JobState.ReplicasFailed("w1", List.of(new JobState.ReplicaFailure(2, 1, "withdrawn: owner came back", true)), T),
        new JobState.TasksCompleted("w1", List.of(new JobState.TaskResult(1, 2, DATA, Samples.sha("d"), 1234, 980L, 104_857_600L)), T),
        new JobState.JobSubmitted(SPEC.withLimits(new TaskLimits(256, 0.5, 64))),
        new JobState.JobCancelled("alice", T),
        new WorkerEntity.WorkerRegistered("lab-pc", "bob", CAPS, 4, Samples.sha("t"), T, ADDRESS),
        new WorkerEntity.WorkerReRegistered(CAPS, 8, T, ADDRESS),
        new WorkerEntity.WorkerLost(T, "no heartbeat for 20s"),
        new LedgerEntity.OpsApplied("settle:job-1/3", LEDGER_OPS, T),
        new LedgerEntity.Snapshot(Map.of("alice", new Ledger.Account(60, 40)), Set.of("settle:job-1/3", "lock:job-1")),
        new WorkerEntity.WorkerReturned(T),
        new WorkerEntity.ScoreChanged("settle:job-1:3", 13, "won settle:job-1:3", T),
        new JobState.JobSubmitted(CERTIFIED),
        new JobState.ReplicasAssigned("w1", List.of(0, 5), T, ADDRESS, 3),
        new JobState.JobFunded(T),
        new JobState.PaymentRefused("user:alice has 3 credits free, 300 needed", T),
        new JobState.Contributed("w1", List.of(new JobState.Contribution(3, 2, Samples.hex32("a"), Samples.hex32("b"), 3)), T, "user:bob"),
        new JobState.Revealed("w1", List.of(new JobState.RevealEntry(3, 2, Samples.sha("d"))), T),
        new JobState.RevealRejected("w1", 3, 2, "the revealed digest does not reproduce the commitment", T),
        new JobState.UploaderChosen(3, "w1", T),
        new JobState.ResultUploaded("w1", 3, DATA, T),
        new JobState.TaskReopened(3, T),
        new JobState.TaskFailed(3, "the final deadline passed", T),
        new JobState.TaskSettled(3, T),
        new JobState.Contribution(3, 2, Samples.hex32("a"), Samples.hex32("b"), 3),
        new JobState.RevealEntry(3, 2, Samples.sha("d")),
        new JobState.Contribution(3, 2, Samples.hex32("a"), Samples.hex32("b"), 3, "0x" + "cd".repeat(65)),
        new JobState.RevealEntry(3, 2, Samples.sha("d"), "0x" + "ef".repeat(65)),
        new JobState.JobSubmitted(CERTIFIED.forDeal(Samples.hex32("deal"), CHAIN)),
        new JobState.JobSubmitted(CERTIFIED.forDeal(Samples.hex32("deal"), CHAIN, 7)),
        new JobState.ChainObserved(3, "REVEALING", Samples.hex32("a"), List.of(ADDRESS), T),
        new AccountEntity.UserCreated(Role.STANDARD, Samples.sha("t"), AT),
        new AccountEntity.CredentialsReplaced(Role.ADMIN, Samples.sha("t2"), AT),
        new AccountEntity.JobAdded("job-1"),
        new AppCatalog.AppRegistered(appView()));
  }

  /** Snapshots and states kept by the snapshot store. */
  private static List<Object> states() {
    Map<String, ClientApi.AppView> apps = new TreeMap<>();
    apps.put("pi", appView());
    return List.of(
        snapshot(),
        certifiedSnapshot(),
        certifiedSnapshot().tasks().get(0).poco(),
        certifiedSnapshot().tasks().get(0).poco().replicas().get(0),
        dealSnapshot(),
        dealSnapshot().tasks().get(0).poco(),
        JobState.empty().toSnapshot(),
        workerState(),
        new AccountEntity.State(Role.WORKER, Samples.sha("t"), List.of("job-1", "job-2")),
        new AccountEntity.State(null, null, List.of()),
        new AppCatalog.State(apps));
  }

  /** Commands and replies of the entities and the scheduler: they cross nodes. */
  private static List<Object> messages() {
    Caller caller = new Caller("alice", false);
    return List.of(
        new JobEntity.Submit(SPEC, ref()),
        new JobEntity.Assign("w1", List.of(1, 2), ref()),
        new JobEntity.Assign("w1", List.of(1, 2), ref(), ADDRESS, 40, 2),
        new JobEntity.Report("w1", List.of(contribution()), ref(), "bob", 40),
        new JobEntity.RevealResults("w1", List.of(new WorkerApi.Reveal(REPLICA, Samples.sha("d"), DATA)), ref()),
        new JobEntity.Reconciled(List.of(REPLICA), List.of(new ReplicaRef("job-1", 1, 1)), List.of(new ReplicaRef("job-1", 2, 1))),
        new WorkerEntity.Score("settle:job-1:3", true, true, T, ref()),
        new WorkerEntity.Scored(13),
        new Scheduler.RequestWork("w1", CAPS, 16, 30_000, ref(), ADDRESS, 40, 2),
        new Scheduler.CancelWork("w1", ref()),
        new Scheduler.WorkerScored("w1", 13),
        new JobEntity.Assigned(List.of(assignment())),
        JobEntity.Assigned.NONE,
        new JobEntity.Report("w1", List.of(taskReport()), ref()),
        new JobEntity.Reported(List.of(REPLICA), List.of(new ReplicaRef("job-1", 0, 1))),
        new JobEntity.Reconcile("w1", List.of(REPLICA), ref()),
        new JobEntity.Reconciled(List.of(REPLICA)),
        new JobEntity.WorkerLost("w1"),
        new JobEntity.Progress(
            "w1",
            List.of(new WorkerApi.StatusUpdate(new ReplicaRef("job-1", 0, 1), org.xwgrid.common.api.ReplicaState.COMPUTING, "x"))),
        new JobEntity.Cancel(caller, ref()),
        new JobEntity.GetView(new Caller("root", true), ref()),
        new JobEntity.GetTasks(caller, 10, 50, ref()),
        new JobEntity.GetResult(caller, 3, ref()),
        new JobEntity.MayRead("w1", DATA.sha256(), ref()),
        new JobEntity.GetDealResult(3, ref()),
        new JobEntity.GetChainView(ref()),
        new JobEntity.ObserveChain(3, "ACTIVE", null, List.of(ADDRESS)),
        new JobEntity.ChainView(Samples.hex32("deal"), List.of(new JobEntity.ChainTask(0, Samples.hex32("t"), "REVEALING", Samples.hex32("a"),
            List.of(new JobEntity.ChainReplica("w1", ADDRESS, "REVEALED", Samples.hex32("a"), Samples.hex32("b"), "0x" + "cd".repeat(65),
                Samples.hex32("d"), "0x" + "ef".repeat(65))), DATA))),
        new JobEntity.ChainTask(1, Samples.hex32("t"), null, null, List.of(), null),
        new JobEntity.ChainReplica("w1", ADDRESS, "ASSIGNED", null, null, null, null, null),
        caller,
        new WorkerEntity.Register("lab-pc", "bob", CAPS, 4, Samples.sha("t"), T, ADDRESS, ref()),
        new WorkerEntity.ReRegister(CAPS, 2, T, null, ref()),
        new WorkerEntity.MarkLost(T, "no heartbeat for 20s"),
        new LedgerEntity.Apply("lock:job-1", LEDGER_OPS, T, ref()),
        new AccountEntity.GetRole(ref()),
        new LedgerEntity.Applied(true),
        new LedgerEntity.GetAccount("alice", ref()),
        new LedgerEntity.AccountBalance("alice", 60, 40),
        new LedgerEntity.GetAll(ref()),
        new LedgerEntity.Balances(Map.of("alice", new Ledger.Account(60, 40), "pool", new Ledger.Account(3, 0)), 103),
        new WorkerEntity.MarkReturned(T),
        new WorkerEntity.Verify(Samples.sha("t"), ref()),
        new WorkerEntity.Verified(Optional.of(workerState())),
        new WorkerEntity.Verified(Optional.empty()),
        new WorkerEntity.Get(ref()),
        Optional.of(workerState()), // the reply of Get (pekko-misc wraps the CBOR of the state)
        Optional.empty(),
        new AccountEntity.Create(Role.STANDARD, Samples.sha("t"), ref()),
        new AccountEntity.Upsert(Role.ADMIN, Samples.sha("t"), ref()),
        new AccountEntity.Verify(Samples.sha("t"), ref()),
        new AccountEntity.Verified(Optional.of(Role.ADMIN)),
        new AccountEntity.Verified(Optional.empty()),
        new AccountEntity.AddJob("job-1", ref()),
        new AccountEntity.GetJobs(ref()),
        new AccountEntity.JobIds(List.of("job-1")),
        AccountEntity.Done.INSTANCE,
        new AppCatalog.Register(
            new ClientApi.AppRequest("pi", "1", "native", DATA, List.of("bin/pi"), null, null), "alice", ref()),
        new AppCatalog.Registered(appView(), true),
        new AppCatalog.Get("pi", ref()),
        new AppCatalog.ListApps(ref()),
        new Scheduler.Offer("job-1", REQ, List.of(0, 1, 2), List.of("w1", "w2")),
        new Scheduler.Add("job-1", REQ, List.of(4)),
        new Scheduler.Withdraw("job-1"),
        new Scheduler.Progress(
            "w1",
            List.of(new WorkerApi.StatusUpdate(new ReplicaRef("job-1", 0, 1), org.xwgrid.common.api.ReplicaState.DOWNLOADING, null))),
        new Scheduler.RequestWork("w1", CAPS, 16, 30_000, ref()),
        new Scheduler.Heartbeat("w1", CAPS, 2, List.of("job-1"), "paused 40s (owner active)", ref()),
        new Scheduler.Jobs(List.of("job-1", "job-2")),
        new Scheduler.GetLive(ref()),
        new Scheduler.LiveWorker(true, T, 3, null),
        new Scheduler.Live(Map.of("w1", new Scheduler.LiveWorker(false, T, 1, "active")), 42),
        // replies of the entities, as sent
        StatusReply.success(jobView()),
        StatusReply.success(new ClientApi.TaskList("job-1", List.of(taskView()))),
        StatusReply.success(DATA),
        StatusReply.success(workerState()),
        StatusReply.success(AccountEntity.Done.INSTANCE),
        StatusReply.success(new AppCatalog.Registered(appView(), false)),
        StatusReply.success(appView()),
        Problem.notFound("unknown job 'job-1'").asReply(),
        Boolean.TRUE);
  }

  /** Every record of {@code org.xwgrid.common.api}: the HTTP bodies, also sent inside messages. */
  private static List<Object> apiRecords() {
    return List.of(
        DATA,
        REPLICA,
        CAPS,
        new Capabilities("linux", "aarch64", 1, 512, null),
        REQ,
        Requirements.ANY,
        new WorkerApi.Register(null, "lab-pc", CAPS, 4, ADDRESS),
        new WorkerApi.Register("w1", "lab-pc", CAPS, 4, null),
        new WorkerApi.Registered("w1", "w.w1.secret", 5000, 20000),
        new WorkerApi.Heartbeat(List.of(REPLICA)),
        new WorkerApi.Heartbeat(List.of(REPLICA), "paused 40s (owner active)"),
        new TaskLimits(256, 1.5, 100),
        new WorkerApi.Assignment(
            REPLICA, new WorkerApi.AppPackage("cartoon", "1.0", DATA, List.of(), "docker", "xwgrid/cartoon:1.0.0"), List.of("--levels=6"),
            List.of(DATA), 60_000, "t", null, null, new TaskLimits(256, 0.5, 64)),
        new WorkerApi.TaskReport(REPLICA, true, DATA, Samples.sha("digest"), 0, null, 4200).withUsage(3900, 52_428_800),
        WorkerApi.TaskReport.withdrawn(REPLICA, "withdrawn: the owner came back", 1500),
        new ClientApi.AppRequest("cartoon", "1.0", "docker", DATA, List.of(), REQ, "Cartoon", "xwgrid/cartoon:1.0.0"),
        new ClientApi.AppView("cartoon", "1.0", "docker", DATA, List.of(), REQ, "Cartoon", "alice", AT, "xwgrid/cartoon:1.0.0"),
        new ClientApi.JobRequest("pi", null, 4, null, null, null, null, null, null, null, null, null, new TaskLimits(128, 0, 32)),
        new ClientApi.TaskView(0, "COMPLETED", 1, "w1", List.of(), DATA, Samples.sha("d"), List.of(), null, null, 1200L, 31_457_280L),
        new WorkerApi.HeartbeatAck(List.of(REPLICA)),
        new WorkerApi.HeartbeatAck(List.of(), List.of(REPLICA), List.of(new ReplicaRef("job-1", 1, 1))),
        contribution(),
        new WorkerApi.Assignment(REPLICA, new WorkerApi.AppPackage("pi", "1.0", DATA, List.of("bin/pi")), List.of(), List.of(), 1000, "t", TASK_ID),
        new WorkerApi.Reveal(REPLICA, Samples.sha("d"), null),
        new WorkerApi.Reveal(REPLICA, Samples.sha("d"), null, "0x" + "ef".repeat(65)),
        CHAIN,
        new WorkerApi.Assignment(REPLICA, new WorkerApi.AppPackage("pi", "1.0", DATA, List.of("bin/pi")), List.of(), List.of(), 1000, "t", TASK_ID, CHAIN),
        WorkerApi.TaskReport.contribution(REPLICA, 0, 4200, Samples.hex32("a"), Samples.hex32("b"), "0x" + "cd".repeat(65)),
        new WorkerApi.RevealReport(List.of(new WorkerApi.Reveal(REPLICA, Samples.sha("d"), DATA))),
        pocoView(),
        new ClientApi.ReplicaView(1, "w1", ADDRESS, "CONTRIBUTED", Samples.hex32("a"), 3),
        new ClientApi.TaskView(3, "RUNNING", 2, "w2", List.of(), null, null, List.of(), null, pocoView()),
        new ClientApi.JobRequest("pi", null, 4, null, null, null, null, null, null, 10, "XS", 50L, null),
        new WorkerApi.WorkRequest(8, 30_000),
        new WorkerApi.AppPackage("pi", "1.0", DATA, List.of("bin/pi")),
        assignment(),
        new WorkerApi.WorkBatch(List.of(assignment())),
        new WorkerApi.StatusUpdate(REPLICA, ReplicaState.COMPUTING, "50%"),
        new WorkerApi.StatusReport(List.of(new WorkerApi.StatusUpdate(REPLICA, ReplicaState.UPLOADING, null))),
        taskReport(),
        new WorkerApi.TaskReport(REPLICA, false, null, null, 137, "killed", 10),
        new WorkerApi.ResultReport(List.of(taskReport())),
        new WorkerApi.ResultAck(List.of(REPLICA), List.of()),
        new ClientApi.AppRequest("pi", "1.0", "native", DATA, List.of("bin/pi"), REQ, "Monte Carlo"),
        appView(),
        new ClientApi.AppList(List.of(appView())),
        new ClientApi.JobRequest(
            "pi", "pi run", 0, Map.of("n", "{index}"), Map.of("seed", List.of("1", "2")), List.of(DATA), 3600L, 2, REQ),
        new ClientApi.JobRequest("pi", null, 4, null, null, null, null, null, null),
        jobView(),
        new ClientApi.JobView("job-2", "x", "bob", "pi", "COMPLETED", 1, Map.of("COMPLETED", 1), AT, AT.plusSeconds(9), 0, null, 0),
        new ClientApi.JobList(List.of(jobView())),
        taskView(),
        new ClientApi.TaskView(1, "COMPLETED", 1, "w2", List.of(), DATA, Samples.sha("d"), List.of(), "COMPUTING", null),
        new ClientApi.TaskList("job-1", List.of(taskView())),
        new ClientApi.UserRequest("carol", "worker"),
        new ClientApi.UserCreated("carol", "worker", "u.carol.secret"),
        new ClientApi.WorkerView(
            "w1", "lab-pc", "bob", "ACTIVE", CAPS, 4, 2, AT, AT, List.of("2026-01-01T00:00:00Z registered"), ADDRESS, 7),
        new ClientApi.WorkerList(List.of()),
        new ClientApi.AccountView("user:alice", 60, 40),
        new ClientApi.AccountList(List.of(new ClientApi.AccountView("pool", 3, 0)), 3),
        new ClientApi.DepositRequest(100, "grant-7"),
        new ClientApi.DepositRequest(5, null),
        new ClientApi.ErrorView(404, "Not Found", "unknown job 'job-1'"));
  }

  // ---- round trips ---------------------------------------------------------------------------

  private static void roundTrips(List<Object> samples) {
    List<String> failures = new ArrayList<>();
    for (Object o : samples) {
      try {
        serialization.verifySerialization(o, true);
      } catch (Throwable t) {
        failures.add(o.getClass().getName() + ": " + t);
      }
    }
    assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
  }

  @Test
  void shouldRoundTripEveryPersistedEventThroughCbor() {
    roundTrips(events());
  }

  @Test
  void shouldRoundTripEverySnapshotAndStateThroughCbor() {
    roundTrips(states());
  }

  @Test
  void shouldRoundTripEveryMessageThatCrossesNodesThroughCbor() {
    roundTrips(messages());
  }

  @Test
  void shouldRoundTripEveryApiRecordThroughCbor() {
    roundTrips(apiRecords());
  }

  @Test
  void shouldRestoreTheSameJobFromASerializedSnapshot() {
    JobState.Snapshot snap = snapshot();
    JobState.Snapshot back = serialization.verifySerialization(snap, true);
    JobState a = JobState.fromSnapshot(snap);
    JobState b = JobState.fromSnapshot(back);
    assertEquals(a.view(), b.view());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.taskView(i, null), b.taskView(i, null), "task " + i);
    }
    assertEquals(SPEC.argsOf(5), b.spec().argsOf(5), "sweep order survives");
  }

  @Test
  void shouldRoundTripEveryApiRecordThroughTheHttpJsonMapper() throws IOException {
    ObjectMapper json = Json.mapper();
    for (Object o : apiRecords()) {
      String text = json.writeValueAsString(o);
      assertEquals(o, json.readValue(text, o.getClass()), text);
    }
  }

  @Test
  void shouldWriteTheHttpFormatWithReadableDatesAndWithoutNulls() throws IOException {
    JsonNode view = Json.mapper().valueToTree(jobView());
    assertEquals("2026-01-02T03:04:05.678901Z", view.get("submittedAt").asText());
    assertTrue(view.get("finishedAt") == null, "nulls are left out");
    JsonNode a = Json.mapper().valueToTree(assignment());
    assertEquals("job-1", a.at("/replica/jobId").asText());
    assertEquals(3, a.at("/replica/taskIndex").asInt());
    assertEquals(2, a.at("/replica/attempt").asInt());
    assertEquals(
        Set.of("replica", "app", "args", "inputs", "timeoutMs", "ticket"), fieldNames(a));
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new TreeSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  // ---- completeness --------------------------------------------------------------------------

  @Test
  void shouldHaveASampleOfEveryEvent() {
    Set<Class<?>> sampled = classesOf(events());
    for (Class<?> sealed :
        List.of(JobState.Event.class, WorkerEntity.Event.class, AccountEntity.Event.class, AppCatalog.Event.class)) {
      for (Class<?> c : sealed.getPermittedSubclasses()) {
        assertTrue(sampled.contains(c), "no serialization sample of event " + c.getName());
      }
    }
  }

  @Test
  void shouldHaveASampleOfEveryPublicCommand() {
    Set<Class<?>> sampled = classesOf(messages());
    for (Class<?> sealed :
        List.of(
            JobEntity.Command.class, WorkerEntity.Command.class, AccountEntity.Command.class,
            AppCatalog.Command.class, Scheduler.Command.class)) {
      for (Class<?> c : sealed.getPermittedSubclasses()) {
        if (Modifier.isPublic(c.getModifiers())) {
          assertTrue(sampled.contains(c), "no serialization sample of command " + c.getName());
        }
      }
    }
  }

  @Test
  void shouldHaveASampleOfEveryApiRecord() {
    Set<Class<?>> sampled = classesOf(apiRecords());
    List<Class<?>> api = classesUnder(DataRef.class, "org/xwgrid/common/api/");
    assertTrue(api.contains(WorkerApi.Assignment.class) && api.contains(ClientApi.ErrorView.class), api::toString);
    for (Class<?> c : api) {
      if (c.isRecord()) {
        assertTrue(sampled.contains(c), "no serialization sample of API record " + c.getName());
      }
    }
  }

  /**
   * Every class of the dispatcher that declares itself {@link CborSerializable} has a sample,
   * except the private timer messages, which never leave their actor.
   */
  @Test
  void shouldHaveASampleOfEverySerializableClassOfTheDispatcher() {
    Set<Class<?>> sampled = new java.util.HashSet<>();
    Stream.of(events(), states(), messages())
        .flatMap(List::stream)
        .forEach(o -> sampled.add(o instanceof StatusReply<?> r && r.isSuccess() ? r.getValue().getClass() : o.getClass()));
    sampled.add(JobState.TaskResult.class); // inside TasksCompleted
    sampled.add(JobState.ReplicaFailure.class); // inside ReplicasFailed
    sampled.add(JobState.TaskSnapshot.class); // inside Snapshot
    sampled.add(JobSpec.class); // inside JobSubmitted and Snapshot
    List<Class<?>> serializable =
        classesUnder(JobEntity.class, "org/xwgrid/dispatcher/").stream()
            .filter(c -> CborSerializable.class.isAssignableFrom(c) && !c.isInterface())
            .filter(c -> !Modifier.isPrivate(c.getModifiers()))
            .toList();
    assertTrue(serializable.size() > 50, "found only " + serializable);
    List<String> missing =
        serializable.stream()
            .filter(c -> !sampled.contains(c))
            .map(Class::getName)
            .sorted()
            .collect(Collectors.toList());
    assertEquals(List.of(), missing, "CborSerializable classes without a sample");
  }

  private static Set<Class<?>> classesOf(List<Object> samples) {
    return samples.stream().map(Object::getClass).collect(Collectors.toSet());
  }

  /** The classes under {@code folder} of the directory or jar that {@code anchor} was loaded from. */
  private static List<Class<?>> classesUnder(Class<?> anchor, String folder) {
    try {
      Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        return classesIn(location, folder);
      }
      try (FileSystem jar = FileSystems.newFileSystem(location)) {
        return classesIn(jar.getPath("/"), folder);
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Class<?>> classesIn(Path root, String folder) throws IOException {
    Path dir = root.resolve(folder);
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String rel = root.relativize(f).toString();
        if (rel.endsWith(".class") && !rel.endsWith("package-info.class")) {
          String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
          try {
            out.add(Class.forName(name, false, SerializationTest.class.getClassLoader()));
          } catch (ClassNotFoundException e) {
            fail("cannot load " + name);
          }
        }
      }
    }
    return out;
  }

  // ---- what is not bound ---------------------------------------------------------------------

  @Test
  void shouldRefuseWhatHasNoSerializerBecauseJavaSerializationIsOff() {
    assertThrows(Exception.class, () -> serialization.verifySerialization(new java.util.ArrayList<>(List.of("x")), true));
  }
}
