package org.xwgrid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xwgrid.worker.TestingApps.eventually;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.ChainTerms;
import org.xwgrid.common.api.WorkerApi.Heartbeat;
import org.xwgrid.common.api.WorkerApi.Reveal;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.crypto.RelaySignatures;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.worker.exec.SandboxMode;
import org.xwgrid.worker.report.PendingReport;
import org.xwgrid.worker.report.PendingReportStore;
import org.xwgrid.worker.session.IdentityStore;
import org.xwgrid.worker.session.WorkerIdentity;
import org.xwgrid.worker.task.Misbehaviour;
import org.xwgrid.worker.task.Saboteur;
import org.xwgrid.worker.task.TaskFolders;

/** Worker nodes in process against a {@link TestingDispatcher} on loopback, with real tasks. */
@ExtendWith(LogCapturingExtension.class)
class WorkerNodeIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path tmp;
  private TestingDispatcher dispatcher;
  private final List<WorkerNode> nodes = new ArrayList<>();
  private DataRef app;
  private DataRef input;

  @BeforeEach
  void start() throws IOException {
    dispatcher = TestingDispatcher.start();
    dispatcher.heartbeatIntervalMs(100);
    dispatcher.maxHoldMs(300);
    app = dispatcher.putData(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
    input = dispatcher.putData("input data\n".getBytes(StandardCharsets.UTF_8), "data.txt");
  }

  @AfterEach
  void stop() throws Exception {
    for (WorkerNode n : nodes) {
      n.stop().toCompletableFuture().handle((v, e) -> null).get(30, TimeUnit.SECONDS);
    }
    dispatcher.close();
  }

  private WorkerNodeSettings settings(Path work, SandboxMode sandbox) {
    return WorkerNodeSettings.fromConfig(
            ConfigFactory.parseString("xwgrid.worker.report.status-delay = 0ms").withFallback(ConfigFactory.load()))
        .withDispatcher(dispatcher.url())
        .withToken(TestingDispatcher.ENROLMENT_TOKEN)
        .withWorkDir(work)
        .withSlots(2)
        .withName("it-worker")
        .withSandbox(sandbox)
        .withTimings(
            Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(20), Duration.ofMillis(5), Duration.ofSeconds(2));
  }

  private WorkerNode startNode(WorkerNodeSettings s) throws WorkerNodeException {
    WorkerNode n = WorkerNode.start(s);
    nodes.add(n);
    return n;
  }

  private Assignment task(String job, int index, double seconds) {
    return TestingApps.assignment(
        job, index, app, List.of("{app}/run.sh"), List.of(String.valueOf(index), String.valueOf(seconds)), List.of(input));
  }

  private boolean computing(ReplicaRef r) {
    return dispatcher.statuses().stream().anyMatch(u -> u.replica().equals(r) && u.state() == ReplicaState.COMPUTING);
  }

  private static List<PendingReport> pendingIn(Path work) throws IOException {
    return PendingReportStore.create(work.resolve("pending-reports.json"), ForkJoinPool.commonPool()).load();
  }

  /** Task folders holding anything of a task (idle ones, emptied for the next task, do not count). */
  private static long taskFolders(Path work) throws IOException {
    try (Stream<Path> s = Files.list(work.resolve("tasks"))) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(WorkerNodeIT::holdsSomething).count();
    }
  }

  private static boolean holdsSomething(Path folder) {
    try (Stream<Path> all = Files.walk(folder)) {
      return all.anyMatch(p -> Files.isRegularFile(p) && !(p.getParent().equals(folder) && p.getFileName().toString().endsWith(".log")));
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void shouldRunTasksOnTwoSlotsAndReportTheirDigests() throws Exception {
    Path work = tmp.resolve("work");
    WorkerNode node = startNode(settings(work, SandboxMode.AUTO));
    for (int i = 0; i < 5; i++) {
      dispatcher.addTask(task("job-1", i, 0.6));
    }
    eventually(WAIT, () -> dispatcher.results().size() == 5, () -> "results " + dispatcher.outcomes());

    TestingDispatcher.Registration reg = dispatcher.registrations().get(0);
    assertEquals(TestingDispatcher.ENROLMENT_TOKEN, reg.bearer());
    assertNull(reg.request().workerId());
    assertEquals(2, reg.request().slots());
    Path identity = work.resolve("worker.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(identity)));
    WorkerIdentity stored = IdentityStore.create(identity, ForkJoinPool.commonPool()).load().orElseThrow();
    assertEquals(reg.answeredId(), stored.workerId());

    for (TaskReport r : dispatcher.results().values()) {
      assertTrue(r.success(), r.toString());
      assertEquals(0, r.exitCode());
      byte[] zip = dispatcher.data(r.result().sha256());
      assertNotNull(zip, "result uploaded");
      Path unpacked = TestingApps.unzip(zip, tmp.resolve("check-" + r.replica().taskIndex()));
      assertEquals(Hashes.folderDigest(unpacked), r.resultDigest());
      assertEquals("input data\ntask " + r.replica().taskIndex() + "\n", Files.readString(unpacked.resolve("out.txt")));
      assertEquals("same\n", Files.readString(unpacked.resolve("sub/const.txt")));
    }
    int maxRunning = dispatcher.heartbeats().stream().mapToInt(h -> h.running().size()).max().orElse(0);
    assertEquals(2, maxRunning, "two tasks ran at once, never more");
    assertTrue(dispatcher.statuses().stream().anyMatch(u -> u.state() == ReplicaState.DOWNLOADING));
    assertTrue(dispatcher.statuses().stream().anyMatch(u -> u.state() == ReplicaState.COMPUTING));
    eventually(WAIT, () -> {
      try {
        return taskFolders(work) == 0 && pendingIn(work).isEmpty();
      } catch (IOException e) {
        return false;
      }
    }, () -> "task folders and pending reports are cleaned after the acks");
    assertTrue(node.termination().toCompletableFuture().getNow(null) == null && !node.termination().toCompletableFuture().isDone());
  }

  @Test
  void shouldHandATaskBackWhenItsDiskIsFullAndPauseAskingForWork() throws Exception {
    // a reserve no disk has: every download is refused as disk full
    WorkerNodeSettings full =
        WorkerNodeSettings.fromConfig(
                ConfigFactory.parseString("xwgrid.worker { report.status-delay = 0ms, cache.min-free = 1000000TiB }")
                    .withFallback(ConfigFactory.load()))
            .withDispatcher(dispatcher.url())
            .withToken(TestingDispatcher.ENROLMENT_TOKEN)
            .withWorkDir(tmp.resolve("work"))
            .withSlots(1)
            .withName("full-disk")
            .withSandbox(SandboxMode.NONE);
    startNode(full);
    dispatcher.addTask(task("job-d", 0, 0));
    eventually(WAIT, () -> dispatcher.results().size() == 1, () -> "results " + dispatcher.outcomes());
    TaskReport r = dispatcher.results().get(new ReplicaRef("job-d", 0, 1));
    assertTrue(r.withdrawn(), "handed back, not failed: " + r);
    assertTrue(r.error().startsWith("disk full: "), r.error());
    long asked = dispatcher.calls().stream().filter(c -> c.action().equals("work")).count();
    dispatcher.addTask(task("job-d", 1, 0));
    Thread.sleep(3000);
    assertEquals(asked, dispatcher.calls().stream().filter(c -> c.action().equals("work")).count(),
        "no work asked for while the disk is full");
    assertEquals(1, dispatcher.queued(), "the next task waits for another worker");
  }

  @Test
  void shouldUploadAnIdenticalResultOnlyOnce() throws Exception {
    DataRef constant =
        dispatcher.putData(TestingApps.zip(Map.of("README", "writes one constant file\n")), "const.zip");
    startNode(settings(tmp.resolve("work"), SandboxMode.NONE));
    for (int i = 0; i < 6; i++) {
      dispatcher.addTask(
          TestingApps.assignment(
              "job-c", i, constant, List.of("/bin/sh", "-c", "echo same > \"$XW_OUTPUT_DIR/x\""), List.of(), List.of()));
    }
    eventually(WAIT, () -> dispatcher.results().size() == 6, () -> "results " + dispatcher.outcomes());
    List<String> shas = dispatcher.results().values().stream().map(r -> r.result().sha256()).distinct().toList();
    assertEquals(1, shas.size(), "identical outputs give identical zips");
    assertEquals(1, dispatcher.uploads(shas.get(0)), "and one upload");
    assertTrue(dispatcher.resultCalls().size() <= 6);
  }

  @Test
  void shouldReportAFailedTaskWithTheEndOfItsStderr() throws Exception {
    startNode(settings(tmp.resolve("work"), SandboxMode.NONE));
    dispatcher.addTask(
        TestingApps.assignment(
            "job-f", 0, app, List.of("/bin/sh", "-c", "echo something broke >&2; exit 7"), List.of(), List.of()));
    DataRef missing = new DataRef("0".repeat(64), 3, "gone.txt");
    dispatcher.addTask(
        TestingApps.assignment("job-f", 1, app, List.of("{app}/run.sh"), List.of("1", "0"), List.of(missing)));
    eventually(WAIT, () -> dispatcher.results().size() == 2, () -> "results " + dispatcher.outcomes());
    TaskReport failed = dispatcher.results().get(new ReplicaRef("job-f", 0, 1));
    assertFalse(failed.success());
    assertEquals(7, failed.exitCode());
    assertEquals("exit code 7; stderr: something broke\n", failed.error());
    TaskReport noInput = dispatcher.results().get(new ReplicaRef("job-f", 1, 1));
    assertFalse(noInput.success());
    assertTrue(noInput.error().contains("not-found"), noInput.error());
  }

  @Test
  void shouldKeepRunningThroughAnOutageAndReportOnceTheDispatcherIsBack() throws Exception {
    Path work = tmp.resolve("work");
    WorkerNode node = startNode(settings(work, SandboxMode.NONE));
    Assignment a = task("job-o", 0, 1.0);
    Assignment b = task("job-o", 1, 1.0);
    dispatcher.addTask(a);
    dispatcher.addTask(b);
    eventually(WAIT, () -> computing(a.replica()) && computing(b.replica()), () -> "statuses " + dispatcher.statuses());
    dispatcher.closePort();
    eventually(WAIT, () -> {
      try {
        return pendingIn(work).size() == 2;
      } catch (IOException e) {
        return false;
      }
    }, () -> "both finished reports wait in pending-reports.json");
    Thread.sleep(1500);
    assertEquals(Map.of(), dispatcher.results());
    assertFalse(node.termination().toCompletableFuture().isDone(), "the worker keeps running");
    dispatcher.reopenPort();
    eventually(WAIT, () -> dispatcher.results().size() == 2, () -> "results " + dispatcher.outcomes());
    assertTrue(dispatcher.results().values().stream().allMatch(TaskReport::success));
    // And it goes on pulling work.
    dispatcher.addTask(task("job-o", 2, 0));
    eventually(WAIT, () -> dispatcher.results().size() == 3, () -> "results " + dispatcher.outcomes());
  }

  @Test
  void shouldReRegisterWithItsStoredIdAndSendPendingReportsAfterARestart() throws Exception {
    Path work = tmp.resolve("work");
    WorkerNode first = startNode(settings(work, SandboxMode.NONE));
    Assignment a = task("job-r", 0, 0.8);
    Assignment b = task("job-r", 1, 0.8);
    dispatcher.addTask(a);
    dispatcher.addTask(b);
    eventually(WAIT, () -> computing(a.replica()) && computing(b.replica()), () -> "statuses " + dispatcher.statuses());
    dispatcher.unavailable(true);
    eventually(WAIT, () -> {
      try {
        return pendingIn(work).size() == 2;
      } catch (IOException e) {
        return false;
      }
    }, () -> "both reports pending");
    first.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(2, pendingIn(work).size(), "still pending after a graceful stop");
    assertEquals(2, taskFolders(work), "their folders (with the result zips) are kept");
    WorkerIdentity stored = IdentityStore.create(work.resolve("worker.json"), ForkJoinPool.commonPool()).load().orElseThrow();

    dispatcher.unavailable(false);
    startNode(settings(work, SandboxMode.NONE).withToken(null));
    eventually(WAIT, () -> dispatcher.results().size() == 2, () -> "results " + dispatcher.outcomes());
    TestingDispatcher.Registration again = dispatcher.registrations().get(dispatcher.registrations().size() - 1);
    assertEquals(stored.workerId(), again.request().workerId());
    assertEquals(stored.workerToken(), again.bearer(), "re-registration uses the stored worker token");
    assertEquals(stored.workerId(), again.answeredId());
    assertEquals(Optional.of(stored), IdentityStore.create(work.resolve("worker.json"), ForkJoinPool.commonPool()).load());
    assertTrue(dispatcher.results().values().stream().allMatch(TaskReport::success));
    eventually(WAIT, () -> {
      try {
        return taskFolders(work) == 0;
      } catch (IOException e) {
        return false;
      }
    }, () -> "folders cleaned after the acks");
  }

  @Test
  void shouldRegisterAnewWhenTheDispatcherForgotIt() throws Exception {
    Path work = tmp.resolve("work");
    startNode(settings(work, SandboxMode.NONE));
    eventually(WAIT, () -> dispatcher.workers().size() == 1, () -> "registered");
    String firstId = dispatcher.registrations().get(0).answeredId();
    dispatcher.forgetWorkers();
    eventually(WAIT, () -> dispatcher.workers().size() == 1, () -> "registered again " + dispatcher.registrations());
    String secondId = dispatcher.workers().keySet().iterator().next();
    assertNotEquals(firstId, secondId);
    assertTrue(
        dispatcher.registrations().stream().anyMatch(r -> firstId.equals(r.request().workerId()) && r.answeredId() == null),
        "first tried again as itself");
    eventually(WAIT, () -> {
      try {
        return IdentityStore.create(work.resolve("worker.json"), ForkJoinPool.commonPool()).load().orElseThrow().workerId().equals(secondId);
      } catch (IOException e) {
        return false;
      }
    }, () -> "new identity stored");
    dispatcher.addTask(task("job-n", 0, 0));
    eventually(WAIT, () -> dispatcher.results().size() == 1, () -> "results " + dispatcher.outcomes());
  }

  @Test
  void shouldStopWithOneLineWhenTheEnrolmentTokenIsRefused() throws Exception {
    WorkerNode node = startNode(settings(tmp.resolve("work"), SandboxMode.NONE).withToken("not-the-token"));
    java.util.concurrent.ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class,
            () -> node.termination().toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof WorkerNodeException, e.toString());
    assertEquals(
        "the dispatcher refused the enrolment token (HTTP 401 unauthorized: bad enrolment token)",
        e.getCause().getMessage());
    assertFalse(Files.exists(tmp.resolve("work/worker.json")));
  }

  @Test
  void shouldAbortAReplicaTheDispatcherCancels() throws Exception {
    startNode(settings(tmp.resolve("work"), SandboxMode.NONE));
    Assignment a = task("job-a", 0, 60);
    dispatcher.addTask(a);
    eventually(WAIT, () -> computing(a.replica()), () -> "computing");
    dispatcher.abort(a.replica());
    int seen = dispatcher.heartbeats().size();
    eventually(WAIT, () -> {
      List<Heartbeat> hb = dispatcher.heartbeats();
      return hb.size() > seen + 1 && hb.get(hb.size() - 1).running().isEmpty();
    }, () -> "no longer running");
    dispatcher.addTask(task("job-a", 1, 0));
    eventually(WAIT, () -> dispatcher.results().size() == 1, () -> "results " + dispatcher.outcomes());
    assertFalse(dispatcher.results().containsKey(a.replica()), "an aborted replica is not reported");
  }

  @Test
  void shouldStopGracefullyAbortingTasksAfterTheGrace() throws Exception {
    WorkerNode node = startNode(settings(tmp.resolve("work"), SandboxMode.NONE));
    Assignment a = task("job-s", 0, 60);
    dispatcher.addTask(a);
    eventually(WAIT, () -> computing(a.replica()), () -> "computing");
    long start = System.nanoTime();
    node.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(ms >= 1900 && ms < 15_000, "stopped after the 2 s grace, in " + ms + " ms");
    assertTrue(
        dispatcher.statuses().stream().anyMatch(u -> u.replica().equals(a.replica()) && u.state() == ReplicaState.ABORTED),
        "the dispatcher hears that the replica was abandoned");
    int pulls = (int) dispatcher.calls().stream().filter(c -> c.action().equals("work")).count();
    Thread.sleep(500);
    assertEquals(pulls, dispatcher.calls().stream().filter(c -> c.action().equals("work")).count(), "no more pulls");
  }

  // ---- certified tasks (Proof-of-Contribution) ---------------------------------------------

  private static final String TASK_ID = "0x" + "5e".repeat(32);

  private Assignment certified(String job, int index) {
    Assignment a = task(job, index, 0);
    return new Assignment(a.replica(), a.app(), a.args(), a.inputs(), a.timeoutMs(), a.ticket(), TASK_ID);
  }

  private boolean heartbeatLists(ReplicaRef r, int after) {
    List<Heartbeat> hb = dispatcher.heartbeats();
    return hb.size() > after && hb.get(hb.size() - 1).running().contains(r);
  }

  @Test
  void shouldCommitToACertifiedResultThenRevealUploadAndForgetItWhenAsked() throws Exception {
    Path work = tmp.resolve("work");
    startNode(settings(work, SandboxMode.NONE));
    Assignment a = certified("job-c", 0);
    ReplicaRef ref = a.replica();
    dispatcher.addTask(a);
    eventually(WAIT, () -> dispatcher.results().containsKey(ref), () -> "results " + dispatcher.outcomes());
    TaskReport r = dispatcher.results().get(ref);
    assertTrue(r.success(), r.toString());
    assertNull(r.result(), "a contribution discloses no result");
    assertNull(r.resultDigest(), "nor its digest");
    assertNotNull(r.resultHash());
    assertNotNull(r.resultSeal());
    assertNull(r.contributionSign(), "off chain: no relay signature");
    assertEquals(0, dispatcher.uploadCount(), "nothing uploaded");
    Path held = work.resolve("held").resolve(TaskFolders.nameOf(ref));
    assertTrue(Files.isDirectory(held), "the output is held");
    int seen = dispatcher.heartbeats().size();
    eventually(WAIT, () -> heartbeatLists(ref, seen + 1), () -> "heartbeats list the held replica " + dispatcher.heartbeats());

    dispatcher.askReveal(ref);
    eventually(WAIT, () -> dispatcher.reveals().size() == 1, () -> "revealed " + dispatcher.reveals());
    Reveal reveal = dispatcher.reveals().get(0);
    assertEquals(ref, reveal.replica());
    assertNull(reveal.result());
    String address = dispatcher.registrations().get(0).request().address();
    ResultCommitment committed = new ResultCommitment(r.resultHash(), r.resultSeal());
    assertTrue(committed.revealedBy(TASK_ID, reveal.digest(), address), "the reveal opens the commitment " + reveal);
    assertNull(reveal.revealSign(), "off chain: no relay signature");
    assertEquals(0, dispatcher.uploadCount(), "a reveal uploads nothing");

    dispatcher.askUpload(ref);
    eventually(WAIT, () -> dispatcher.reveals().size() == 2, () -> "revealed with the upload " + dispatcher.reveals());
    Reveal upload = dispatcher.reveals().get(1);
    assertEquals(reveal.digest(), upload.digest());
    assertNotNull(upload.result());
    assertNull(upload.revealSign());
    byte[] zip = dispatcher.data(upload.result().sha256());
    assertNotNull(zip, "the zip is uploaded before the reveal names it");
    assertEquals(1, dispatcher.uploadCount());
    assertEquals(upload.result().sha256(), Hashes.sha256Hex(zip));
    assertEquals(upload.result().size(), zip.length);
    Path unpacked = TestingApps.unzip(zip, tmp.resolve("check"));
    assertEquals(reveal.digest(), "0x" + Hashes.folderDigest(unpacked), "the upload is the committed output");
    assertEquals("input data\ntask 0\n", Files.readString(unpacked.resolve("out.txt")));
    assertTrue(Files.isDirectory(held), "held until the dispatcher says to forget it");

    dispatcher.abort(ref);
    eventually(WAIT, () -> !Files.exists(held), () -> "the held folder is deleted");
    int now = dispatcher.heartbeats().size();
    eventually(WAIT, () -> dispatcher.heartbeats().size() > now + 1, () -> "heartbeats go on");
    assertFalse(dispatcher.heartbeats().get(dispatcher.heartbeats().size() - 1).running().contains(ref));
  }

  @Test
  void shouldStillHoldACertifiedResultAfterARestart() throws Exception {
    Path work = tmp.resolve("work");
    WorkerNode first = startNode(settings(work, SandboxMode.NONE));
    Assignment a = certified("job-h", 0);
    dispatcher.addTask(a);
    eventually(WAIT, () -> dispatcher.results().containsKey(a.replica()), () -> "results " + dispatcher.outcomes());
    first.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

    startNode(settings(work, SandboxMode.NONE).withToken(null));
    int seen = dispatcher.heartbeats().size();
    eventually(WAIT, () -> heartbeatLists(a.replica(), seen), () -> "listed again " + dispatcher.heartbeats());
    dispatcher.askUpload(a.replica());
    eventually(WAIT, () -> dispatcher.reveals().size() == 1, () -> "revealed " + dispatcher.reveals());
    TaskReport r = dispatcher.results().get(a.replica());
    Reveal reveal = dispatcher.reveals().get(0);
    String address = dispatcher.registrations().get(0).request().address();
    assertTrue(new ResultCommitment(r.resultHash(), r.resultSeal()).revealedBy(TASK_ID, reveal.digest(), address));
    assertNotNull(dispatcher.data(reveal.result().sha256()));
  }

  // ---- certified tasks of an on-chain deal (relayed contributions and reveals) -------------------

  private static final ChainTerms CHAIN = new ChainTerms(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
  private static final RelaySignatures RELAY = new RelaySignatures(CHAIN.chainId(), CHAIN.hub());

  private Reveal revealOf(ReplicaRef ref, int nth) {
    return dispatcher.reveals().stream().filter(v -> v.replica().equals(ref)).skip(nth).findFirst().orElseThrow();
  }

  @Test
  void shouldSignTheContributionAndEveryRevealOfATaskOfAnOnChainDealEvenAfterARestart() throws Exception {
    Path work = tmp.resolve("work");
    WorkerNode first = startNode(settings(work, SandboxMode.NONE));
    Assignment c = certified("job-chain", 0);
    Assignment onChain = new Assignment(c.replica(), c.app(), c.args(), c.inputs(), c.timeoutMs(), c.ticket(), TASK_ID, CHAIN);
    Assignment offChain = certified("job-off", 0);
    ReplicaRef ref = onChain.replica();
    ReplicaRef off = offChain.replica();
    dispatcher.addTask(onChain);
    dispatcher.addTask(offChain);
    eventually(WAIT, () -> dispatcher.results().keySet().containsAll(List.of(ref, off)), () -> "results " + dispatcher.outcomes());
    String address = address();
    TaskReport r = dispatcher.results().get(ref);
    assertTrue(r.success(), r.toString());
    assertNull(r.resultDigest(), "a contribution discloses no digest");
    assertEquals(
        address,
        RelaySignatures.signer(
            RELAY.digest(RelaySignatures.contributionHash(TASK_ID, r.resultHash(), r.resultSeal(), null)), r.contributionSign()),
        "the contribution is signed by the worker's key for the relay " + r);
    assertTrue(dispatcher.results().get(off).isContribution());
    assertNull(dispatcher.results().get(off).contributionSign(), "off chain: no relay signature");
    int seen = dispatcher.heartbeats().size();
    eventually(WAIT, () -> heartbeatLists(ref, seen) && heartbeatLists(off, seen), () -> "listed " + dispatcher.heartbeats());

    dispatcher.askReveal(ref);
    dispatcher.askReveal(off);
    eventually(WAIT, () -> dispatcher.reveals().size() == 2, () -> "revealed " + dispatcher.reveals());
    Reveal reveal = revealOf(ref, 0);
    assertNull(reveal.result());
    assertTrue(committed(ref).revealedBy(TASK_ID, reveal.digest(), address), "the reveal opens the commitment " + reveal);
    assertEquals(
        address,
        RelaySignatures.signer(RELAY.digest(RelaySignatures.revealHash(TASK_ID, reveal.digest())), reveal.revealSign()),
        "the reveal is signed by the worker's key for the relay " + reveal);
    assertNull(revealOf(off, 0).revealSign(), "off chain: no relay signature");
    first.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);

    startNode(settings(work, SandboxMode.NONE).withToken(null));
    int again = dispatcher.heartbeats().size();
    eventually(WAIT, () -> heartbeatLists(ref, again), () -> "listed again " + dispatcher.heartbeats());
    dispatcher.askUpload(ref);
    eventually(WAIT, () -> dispatcher.reveals().size() == 3, () -> "revealed with the upload " + dispatcher.reveals());
    Reveal upload = revealOf(ref, 1);
    assertEquals(reveal.digest(), upload.digest());
    assertNotNull(upload.result(), "with its zip");
    assertNotNull(dispatcher.data(upload.result().sha256()), "uploaded before the reveal names it");
    assertEquals(
        address,
        RelaySignatures.signer(RELAY.digest(RelaySignatures.revealHash(TASK_ID, upload.digest())), upload.revealSign()),
        "the chain terms are held across the restart: the reveal with the upload is signed too " + upload);
  }

  @Test
  void shouldCommitToTheSameWrongResultAsAnotherColludingSaboteur() throws Exception {
    List<WorkerNodeSettings> workers =
        List.of(
            settings(tmp.resolve("a"), SandboxMode.NONE).withTestingSaboteur(Saboteur.COLLUDE),
            settings(tmp.resolve("b"), SandboxMode.NONE).withTestingSaboteur(Saboteur.COLLUDE),
            settings(tmp.resolve("c"), SandboxMode.NONE));
    List<TaskReport> reports = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      WorkerNode node = startNode(workers.get(i));
      Assignment a = certified("job-s", 0);
      ReplicaRef ref = new ReplicaRef("job-s", 0, i + 1);
      dispatcher.addTask(new Assignment(ref, a.app(), a.args(), a.inputs(), a.timeoutMs(), a.ticket(), TASK_ID));
      eventually(WAIT, () -> dispatcher.results().containsKey(ref), () -> "results " + dispatcher.outcomes());
      reports.add(dispatcher.results().get(ref));
      node.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Thread.sleep(500); // the stopped node's last work request is held open up to maxHoldMs (300 ms)
    }
    assertEquals(3, dispatcher.registrations().stream().map(r -> r.request().address()).distinct().count(), "three keys");
    assertEquals(reports.get(0).resultHash(), reports.get(1).resultHash(), "the colluders agree");
    assertNotEquals(reports.get(0).resultSeal(), reports.get(1).resultSeal(), "each with its own seal");
    assertNotEquals(reports.get(2).resultHash(), reports.get(0).resultHash(), "on a wrong result");
  }

  // ---- FOR TESTS ONLY protocol faults (--testing-misbehave) -----------------------------------

  /** Runs a certified task to its commitment and waits until heartbeats list the held replica. */
  private ReplicaRef commitCertified(String job) throws InterruptedException {
    Assignment a = certified(job, 0);
    ReplicaRef ref = a.replica();
    dispatcher.addTask(a);
    eventually(WAIT, () -> dispatcher.results().containsKey(ref), () -> "results " + dispatcher.outcomes());
    TaskReport r = dispatcher.results().get(ref);
    assertTrue(r.success(), r.toString());
    assertNull(r.result(), "a contribution discloses no result");
    assertNotNull(r.resultHash(), "it commits normally");
    int seen = dispatcher.heartbeats().size();
    eventually(WAIT, () -> heartbeatLists(ref, seen), () -> "heartbeats list the held replica " + dispatcher.heartbeats());
    return ref;
  }

  /** The commitment the worker reported for {@code ref}. */
  private ResultCommitment committed(ReplicaRef ref) {
    TaskReport r = dispatcher.results().get(ref);
    return new ResultCommitment(r.resultHash(), r.resultSeal());
  }

  /** The address of the (first) worker's key. */
  private String address() {
    return dispatcher.registrations().get(0).request().address();
  }

  /**
   * Asks in the next heartbeat's answer for the upload of {@code ref}, and its reveal if {@code
   * reveal}, and waits
   * until the worker has had time to act on it: three more heartbeats after the answer went out
   * (an honest worker reveals within milliseconds of it).
   */
  private void askRevealAndUpload(ReplicaRef ref, boolean reveal) throws InterruptedException {
    if (reveal) {
      dispatcher.askReveal(ref);
    }
    dispatcher.askUpload(ref);
    eventually(WAIT, dispatcher::asksDelivered, () -> "the asks go out in a heartbeat's answer");
    int answered = dispatcher.heartbeats().size();
    eventually(WAIT, () -> dispatcher.heartbeats().size() >= answered + 3, () -> "heartbeats go on");
  }

  /** The digest of the output the worker holds for {@code ref} (0x + folder digest of its zip). */
  private String heldDigest(Path work, ReplicaRef ref) throws IOException {
    Path zip = work.resolve("held").resolve(TaskFolders.nameOf(ref)).resolve("result.zip");
    Path unpacked = TestingApps.unzip(Files.readAllBytes(zip), tmp.resolve("held-" + TaskFolders.nameOf(ref)));
    return "0x" + Hashes.folderDigest(unpacked);
  }

  private long revealCalls() {
    return dispatcher.calls().stream().filter(c -> c.action().equals("reveals")).count();
  }

  @Test
  void shouldNeitherRevealNorUploadButStillListAndForgetWhenMisbehavingNoReveal() throws Exception {
    Path work = tmp.resolve("work");
    startNode(settings(work, SandboxMode.NONE).withTestingMisbehave(Misbehaviour.NO_REVEAL));
    ReplicaRef ref = commitCertified("job-nr");
    askRevealAndUpload(ref, true);
    assertEquals(List.of(), dispatcher.reveals(), "no reveal");
    assertEquals(0, revealCalls(), "no /reveals call at all");
    assertEquals(0, dispatcher.uploadCount(), "no PUT");
    assertTrue(heartbeatLists(ref, 0), "the held replica is still listed " + dispatcher.heartbeats());
    assertTrue(committed(ref).revealedBy(TASK_ID, heldDigest(work, ref), address()), "it holds what it committed to");

    Path held = work.resolve("held").resolve(TaskFolders.nameOf(ref));
    dispatcher.abort(ref);
    eventually(WAIT, () -> !Files.exists(held), () -> "still forgotten on abort");
    int now = dispatcher.heartbeats().size();
    eventually(WAIT, () -> dispatcher.heartbeats().size() > now + 1, () -> "heartbeats go on");
    assertFalse(dispatcher.heartbeats().get(dispatcher.heartbeats().size() - 1).running().contains(ref));
  }

  @Test
  void shouldRevealButNeverUploadWhenMisbehavingNoUpload() throws Exception {
    Path work = tmp.resolve("work");
    startNode(settings(work, SandboxMode.NONE).withTestingMisbehave(Misbehaviour.NO_UPLOAD));
    ReplicaRef ref = commitCertified("job-nu");
    askRevealAndUpload(ref, true);
    eventually(WAIT, () -> dispatcher.reveals().size() == 1, () -> "revealed " + dispatcher.reveals());
    Reveal reveal = dispatcher.reveals().get(0);
    assertEquals(ref, reveal.replica());
    assertNull(reveal.result(), "a reveal without its upload");
    assertTrue(committed(ref).revealedBy(TASK_ID, reveal.digest(), address()), "the reveal opens the commitment " + reveal);
    assertEquals(0, dispatcher.uploadCount(), "no PUT");

    askRevealAndUpload(ref, false);
    assertEquals(1, dispatcher.reveals().size(), "an upload asked alone is ignored too " + dispatcher.reveals());
    assertEquals(0, dispatcher.uploadCount(), "no PUT");
    assertTrue(heartbeatLists(ref, 0), "the held replica is still listed");
  }

  @Test
  void shouldRevealADigestThatDoesNotOpenItsCommitmentWhenMisbehavingBadReveal() throws Exception {
    Path work = tmp.resolve("work");
    startNode(settings(work, SandboxMode.NONE).withTestingMisbehave(Misbehaviour.BAD_REVEAL));
    ReplicaRef ref = commitCertified("job-br");
    askRevealAndUpload(ref, true);
    eventually(WAIT, () -> dispatcher.reveals().size() == 1, () -> "revealed " + dispatcher.reveals());
    Reveal reveal = dispatcher.reveals().get(0);
    assertEquals(ref, reveal.replica());
    assertNull(reveal.result(), "never uploads");
    assertTrue(reveal.digest().matches("0x[0-9a-f]{64}"), "a well-formed digest " + reveal);
    String real = heldDigest(work, ref);
    ResultCommitment committed = committed(ref);
    assertTrue(committed.revealedBy(TASK_ID, real, address()), "it committed to its real output");
    assertNotEquals(real, reveal.digest(), "but reveals another digest");
    assertFalse(committed.revealedBy(TASK_ID, reveal.digest(), address()), "which does not open the commitment");
    assertEquals(0, dispatcher.uploadCount(), "no PUT");
    assertEquals(1, dispatcher.reveals().size());
  }

  @Test
  void shouldRevealAndUploadItsHeldResultOnceRestartedWithoutMisbehaving() throws Exception {
    Path work = tmp.resolve("work");
    WorkerNode first = startNode(settings(work, SandboxMode.NONE).withTestingMisbehave(Misbehaviour.NO_UPLOAD));
    ReplicaRef ref = commitCertified("job-ru");
    askRevealAndUpload(ref, true);
    eventually(WAIT, () -> dispatcher.reveals().size() == 1, () -> "revealed " + dispatcher.reveals());
    assertEquals(0, dispatcher.uploadCount(), "no PUT while misbehaving");
    first.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertTrue(Files.isDirectory(work.resolve("held").resolve(TaskFolders.nameOf(ref))), "still held on disk");

    startNode(settings(work, SandboxMode.NONE).withToken(null));
    int seen = dispatcher.heartbeats().size();
    eventually(WAIT, () -> heartbeatLists(ref, seen), () -> "listed again " + dispatcher.heartbeats());
    dispatcher.askUpload(ref);
    eventually(WAIT, () -> dispatcher.reveals().size() == 2, () -> "revealed with the upload " + dispatcher.reveals());
    Reveal upload = dispatcher.reveals().get(1);
    assertEquals(ref, upload.replica());
    assertEquals(dispatcher.reveals().get(0).digest(), upload.digest());
    assertTrue(committed(ref).revealedBy(TASK_ID, upload.digest(), address()), "the reveal opens the commitment");
    assertNotNull(upload.result(), "with its zip");
    byte[] zip = dispatcher.data(upload.result().sha256());
    assertNotNull(zip, "uploaded before the reveal names it");
    assertEquals(1, dispatcher.uploadCount());
    Path unpacked = TestingApps.unzip(zip, tmp.resolve("check"));
    assertEquals(upload.digest(), "0x" + Hashes.folderDigest(unpacked), "the upload is the committed output");
    assertEquals("input data\ntask 0\n", Files.readString(unpacked.resolve("out.txt")));
  }
}
