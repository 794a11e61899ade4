package org.xwgrid.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xwgrid.worker.exec.Limits;
import org.xwgrid.worker.cache.DiskSpace;
import org.xwgrid.worker.exec.ExecSpec;
import org.xwgrid.common.api.TaskLimits;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.WorkerApi.AppPackage;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.ChainTerms;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.crypto.RelaySignatures;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.worker.TestingApps;
import org.xwgrid.worker.net.WorkerCredentials;

class TaskRunnerTest {
  @TempDir Path tmp;
  private TestingTaskRunners t;
  private final List<StatusUpdate> statuses = new CopyOnWriteArrayList<>();
  private final WorkerCredentials creds = new WorkerCredentials("w-1", "tok");

  @BeforeEach
  void start() throws Exception {
    t = new TestingTaskRunners(tmp);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private Assignment assignment(int index, DataRef app, List<String> entrypoint, List<String> args, List<DataRef> inputs) {
    return new Assignment(new ReplicaRef("job", index, 1), new AppPackage("a", "1", app, entrypoint), args, inputs, 20_000, "ticket");
  }

  private FinishedTask run(Assignment a) {
    return t.runner.run(new TaskHandle(a.replica()), a, creds, statuses::add);
  }

  @Test
  void shouldRunAnAppOnItsInputsAndPackItsOutput() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
    DataRef input = t.api.put("hello\n".getBytes(StandardCharsets.UTF_8), "data.txt");
    FinishedTask f = run(assignment(4, app, List.of("{app}/run.sh"), List.of("4", "0"), List.of(input)));
    TaskReport r = f.report();
    assertTrue(r.success(), r.toString());
    Path dir = t.folders.path(f.folder());
    assertEquals("hello\ntask 4\n", Files.readString(dir.resolve("output/out.txt")));
    assertEquals("starting 4\n", Files.readString(dir.resolve("stdout.log")));
    assertEquals(Hashes.folderDigest(dir.resolve("output")), r.resultDigest());
    assertEquals(Hashes.sha256Hex(dir.resolve(TaskFolders.RESULT_ZIP)), r.result().sha256());
    assertEquals(List.of(ReplicaState.DOWNLOADING, ReplicaState.COMPUTING), statuses.stream().map(StatusUpdate::state).toList());
    assertEquals("hello\n", Files.readString(dir.resolve("input/data.txt")));
  }

  @Test
  void shouldRunADockerAppFromItsImageArchiveWithTheTaskLimits() throws Exception {
    DataRef archive = t.api.put("a docker save tar".getBytes(StandardCharsets.UTF_8), "cartoon-1.tar");
    DataRef input = t.api.put("png".getBytes(StandardCharsets.UTF_8), "photo.png");
    Assignment a =
        new Assignment(
            new ReplicaRef("job", 0, 1), new AppPackage("cartoon", "1", archive, List.of(), "docker", "xwgrid/cartoon:1"),
            List.of("--levels=6"), List.of(input), 20_000, "ticket", null, null, new TaskLimits(256, 0.5, 0));
    FinishedTask f = run(a);
    assertTrue(f.report().success(), f.report().toString());
    assertEquals(1, t.containers.loaded.size());
    assertEquals("xwgrid/cartoon:1", t.containers.loaded.get(0).image());
    assertEquals(archive.sha256(), Hashes.sha256Hex(t.containers.loaded.get(0).archive()), "the archive as cached and checked");
    ExecSpec spec = t.containers.specs.get(0);
    assertEquals(List.of("--levels=6"), spec.command(), "an empty entrypoint: the image's own takes the arguments");
    assertNull(spec.appDir());
    assertEquals(new Limits(256L << 20, 500, 4096), spec.limits(), "the task's limits, the worker's default for the rest");
    assertEquals("xwgrid/cartoon:1 --levels=6\n", Files.readString(t.folders.path(f.folder()).resolve("output/args.txt")));
    assertEquals("png", Files.readString(t.folders.path(f.folder()).resolve("input/photo.png")));
  }

  @Test
  void shouldHandBackAReplicaWhenTheDiskIsFull() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
    try (TestingTaskRunners full = new TestingTaskRunners(tmp.resolve("full"), DiskSpace.create(256L << 20, dir -> 100L << 20))) {
      full.api.put(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
      Assignment a = assignment(0, app, List.of("{app}/run.sh"), List.of("0", "0"), List.of());
      TaskReport r = full.runner.run(new TaskHandle(a.replica()), a, creds, statuses::add).report();
      assertTrue(r.withdrawn(), "handed back, not failed: " + r);
      assertTrue(r.error().startsWith("disk full: 100 MiB free under "), r.error());
    }
  }

  @Test
  void shouldReportAWithdrawnReplicaAsGivenBack() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("README", "x")), "app.zip");
    Assignment a = assignment(0, app, List.of("/bin/sleep", "30"), List.of(), List.of());
    TaskHandle h = new TaskHandle(a.replica());
    var done = java.util.concurrent.CompletableFuture.supplyAsync(() -> t.runner.run(h, a, creds, statuses::add), t.pool);
    while (statuses.stream().noneMatch(u -> u.state() == ReplicaState.COMPUTING)) {
      Thread.sleep(10);
    }
    h.withdraw("the owner came back");
    TaskReport r = done.get(10, java.util.concurrent.TimeUnit.SECONDS).report();
    assertTrue(r.withdrawn(), r.toString());
    assertFalse(r.success());
    assertEquals("the owner came back", r.error());
  }

  @Test
  void shouldDownloadTheAppAndInputsOnlyOnce() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
    DataRef input = t.api.put("x\n".getBytes(StandardCharsets.UTF_8), "data.txt");
    for (int i = 0; i < 3; i++) {
      assertTrue(run(assignment(i, app, List.of("{app}/run.sh"), List.of("" + i, "0"), List.of(input))).report().success());
    }
    assertEquals(2, t.api.downloads.get());
  }

  @Test
  void shouldFailWhenTheAppDownloadIsCorrupt() throws Exception {
    byte[] good = TestingApps.zip(Map.of("run.sh", "#!/bin/sh\n"));
    DataRef app = new DataRef(Hashes.sha256Hex(good), good.length, "app.zip");
    t.api.putCorrupt(app.sha256(), TestingApps.zip(Map.of("run.sh", "#!/bin/sh\nrm -rf /\n")));
    TaskReport r = run(assignment(0, app, List.of("{app}/run.sh"), List.of(), List.of())).report();
    assertFalse(r.success());
    assertTrue(r.error().contains("download of " + app.sha256()), r.error());
    assertFalse(Files.exists(tmp.resolve("cache").resolve(app.sha256())));
  }

  @Test
  void shouldRefuseAZipSlipApp() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("../../outside.sh", "#!/bin/sh\n")), "evil.zip");
    TaskReport r = run(assignment(0, app, List.of("{app}/run.sh"), List.of(), List.of())).report();
    assertFalse(r.success());
    assertTrue(r.error().contains("unsafe entry name in archive: '../../outside.sh'"), r.error());
    assertFalse(Files.exists(tmp.resolve("outside.sh")));
  }

  @Test
  void shouldRefuseInputNamesThatAreNotPlainFileNames() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
    DataRef input = t.api.put("x".getBytes(StandardCharsets.UTF_8), "../escape.txt");
    TaskReport r = run(assignment(0, app, List.of("{app}/run.sh"), List.of("0", "0"), List.of(input))).report();
    assertFalse(r.success());
    assertTrue(r.error().contains("is not a plain file name"), r.error());
  }

  @Test
  void shouldWriteNoZipForAnEmptyOutput() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("README", "x")), "app.zip");
    FinishedTask f = run(assignment(0, app, List.of("/bin/true"), List.of(), List.of()));
    assertTrue(f.report().success());
    assertEquals(ResultArchive.EMPTY_ZIP_SHA256, f.report().result().sha256());
    assertNull(f.folder(), "nothing of the folder is needed: it is lent to the next task at once");
    Path next = t.folders.prepare();
    assertFalse(Files.exists(next.resolve(TaskFolders.RESULT_ZIP)));
    try (var in = Files.list(next.resolve("input")); var out = Files.list(next.resolve("output"))) {
      assertEquals(0, in.count() + out.count());
    }
    assertEquals(next, t.folders.prepare().resolveSibling("t1"), "the first task's folder, lent again");
    Path shared = t.folders.resultZip(f.folder(), f.report().result().sha256());
    assertEquals(ResultArchive.EMPTY_ZIP_SHA256, Hashes.sha256Hex(shared));
    assertEquals(f.report().result().size(), Files.size(shared));
  }

  @Test
  void shouldNotStartAnAbortedReplica() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
    Assignment a = assignment(0, app, List.of("{app}/run.sh"), List.of("0", "0"), List.of());
    TaskHandle h = new TaskHandle(a.replica());
    h.abort();
    FinishedTask f = t.runner.run(h, a, creds, statuses::add);
    assertTrue(f.aborted());
    assertTrue(h.done().toCompletableFuture().isDone());
  }

  @Test
  void shouldReuseSettledFoldersEmptied() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
    DataRef input = t.api.put("x\n".getBytes(StandardCharsets.UTF_8), "data.txt");
    FinishedTask first = run(assignment(0, app, List.of("{app}/run.sh"), List.of("0", "0"), List.of(input)));
    assertNotNull(first.folder(), "a task with inputs keeps its folder until its report is settled");
    Path used = t.folders.path(first.folder());
    assertNotEquals(used, t.folders.prepare(), "not lent meanwhile");
    t.folders.deleteAsync(List.of(first.folder())).get();
    Path next = t.folders.prepare();
    assertEquals(used, next, "lent again once settled");
    try (var in = Files.list(next.resolve("input")); var out = Files.list(next.resolve("output")); var all = Files.list(next)) {
      assertEquals(0, in.count());
      assertEquals(0, out.count());
      for (Path p : all.toList()) {
        String n = p.getFileName().toString();
        assertTrue(
            n.equals("input") || n.equals("output") || (n.endsWith(".log") && Files.size(p) == 0),
            "only input/, output/ and empty logs are kept: " + n);
      }
    }
  }

  @Test
  void shouldNotLendAFolderWhoseOutputTheTaskReplacedWithALink() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("README", "x")), "app.zip");
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    FinishedTask f = run(assignment(0, app, List.of("sh", "-c", "rmdir output && ln -s " + elsewhere + " output"), List.of(), List.of()));
    assertTrue(f.report().success(), f.report().toString());
    assertNotNull(f.folder(), "kept out of the pool");
    assertNotEquals(t.folders.path(f.folder()), t.folders.prepare());
  }

  @Test
  void shouldNotLendAFolderTheTaskWroteInto() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("README", "x")), "app.zip");
    FinishedTask f = run(assignment(0, app, List.of("sh", "-c", "echo left > stray.txt"), List.of(), List.of()));
    assertTrue(f.report().success(), f.report().toString());
    assertNotNull(f.folder(), "a stray file beside output/ keeps the folder out of the pool");
    assertTrue(Files.exists(t.folders.path(f.folder()).resolve("stray.txt")));
    assertNotEquals(t.folders.path(f.folder()), t.folders.prepare());
    t.folders.deleteAsync(f.folder()).get();
    assertFalse(Files.exists(t.folders.path(f.folder()).resolve("stray.txt")), "emptied when settled");
  }

  // ---- certified tasks (Proof-of-Contribution) ---------------------------------------------

  private static final String TASK_ID = "0x" + "7c".repeat(32);

  private static Assignment certified(Assignment a) {
    return new Assignment(a.replica(), a.app(), a.args(), a.inputs(), a.timeoutMs(), a.ticket(), TASK_ID);
  }

  /** Runs the RUN_SH app as a certified task of index 4 on {@code runners}. */
  private FinishedTask runCertified(TestingTaskRunners runners) throws Exception {
    return runCertified(runners, null);
  }

  /** ... of an on-chain deal with these terms (null: off chain). */
  private FinishedTask runCertified(TestingTaskRunners runners, ChainTerms chain) throws Exception {
    DataRef app = runners.api.put(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
    DataRef input = runners.api.put("hello\n".getBytes(StandardCharsets.UTF_8), "data.txt");
    Assignment a = certified(assignment(4, app, List.of("{app}/run.sh"), List.of("4", "0"), List.of(input)));
    a = new Assignment(a.replica(), a.app(), a.args(), a.inputs(), a.timeoutMs(), a.ticket(), a.taskId(), chain);
    return runners.runner.run(new TaskHandle(a.replica()), a, creds, statuses::add);
  }

  private static ResultCommitment commitment(TaskReport r) {
    return new ResultCommitment(r.resultHash(), r.resultSeal());
  }

  @Test
  void shouldKeepACertifiedResultAndReportOnlyItsCommitment() throws Exception {
    FinishedTask f = runCertified(t);
    TaskReport r = f.report();
    assertTrue(r.success(), r.toString());
    assertTrue(r.isContribution());
    assertNull(r.result(), "no result disclosed");
    assertNull(r.resultDigest(), "no digest disclosed");
    Path output = t.folders.path(f.folder()).resolve("output");
    assertEquals("hello\ntask 4\n", Files.readString(output.resolve("out.txt")));
    String digest = "0x" + Hashes.folderDigest(output);
    assertEquals(ResultCommitment.of(TASK_ID, digest, TestingTaskRunners.ADDRESS), commitment(r));

    HeldResult h = t.held.get(r.replica());
    assertEquals(new HeldResult(r.replica(), TASK_ID, digest, h.zip()), h);
    assertTrue(commitment(r).revealedBy(TASK_ID, h.digest(), TestingTaskRunners.ADDRESS), "what it holds reveals its commitment");
    assertFalse(
        commitment(r).revealedBy(TASK_ID, h.digest(), "0x" + "b2".repeat(20)),
        "the seal binds this worker's address: no one else can reveal it");
    Path unpacked = TestingApps.unzip(Files.readAllBytes(t.held.zip(r.replica())), tmp.resolve("unpacked"));
    assertEquals(digest, "0x" + Hashes.folderDigest(unpacked), "the held zip is the committed output");
    assertEquals(h.zip().sha256(), Hashes.sha256Hex(t.held.zip(r.replica())));
    assertFalse(Files.exists(t.folders.path(f.folder()).resolve(TaskFolders.RESULT_ZIP)), "no zip to upload with the report");
    assertNull(r.contributionSign(), "off chain: no relay signature");
    assertNull(h.chain());
  }

  // ---- certified tasks of an on-chain deal ---------------------------------------------------

  private static final ChainTerms CHAIN = new ChainTerms(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");

  @Test
  void shouldSignTheContributionOfATaskOfAnOnChainDealAndHoldItsChainTerms() throws Exception {
    TaskReport r = runCertified(t, CHAIN).report();
    assertTrue(r.success(), r.toString());
    assertTrue(r.isContribution());
    assertNull(r.resultDigest(), "no digest disclosed");
    HeldResult h = t.held.get(r.replica());
    assertEquals(ResultCommitment.of(TASK_ID, h.digest(), TestingTaskRunners.ADDRESS), commitment(r), "the same commitment");
    assertEquals(CHAIN, h.chain(), "the chain terms are held with the result");
    RelaySignatures domain = new RelaySignatures(CHAIN.chainId(), CHAIN.hub());
    assertTrue(r.contributionSign().matches("0x[0-9a-f]{130}"), r.contributionSign());
    assertEquals(
        TestingTaskRunners.ADDRESS,
        RelaySignatures.signer(
            domain.digest(RelaySignatures.contributionHash(TASK_ID, r.resultHash(), r.resultSeal(), null)),
            r.contributionSign()),
        "signed by the worker's key, over its commitment, for this chain and hub");
    assertNotEquals(
        TestingTaskRunners.ADDRESS,
        RelaySignatures.signer(
            new RelaySignatures(1, CHAIN.hub()).digest(RelaySignatures.contributionHash(TASK_ID, r.resultHash(), r.resultSeal(), null)),
            r.contributionSign()),
        "and for no other chain");
    String reveal = h.revealSign(h.digest(), TestingTaskRunners.KEY);
    assertEquals(
        TestingTaskRunners.ADDRESS,
        RelaySignatures.signer(domain.digest(RelaySignatures.revealHash(TASK_ID, h.digest())), reveal),
        "what it holds signs its reveal");
  }

  @Test
  void shouldFailAReplicaWhoseChainTermsCannotBeSignedAndHoldNothing() throws Exception {
    TaskReport r = runCertified(t, new ChainTerms(31337, "not-a-hub")).report();
    assertFalse(r.success());
    assertFalse(r.isContribution());
    assertNull(r.contributionSign());
    assertTrue(r.error().contains("cannot sign the contribution for chain 31337, hub not-a-hub"), r.error());
    assertTrue(t.held.replicas().isEmpty(), "nothing held");
  }

  @Test
  void shouldCommitHonestWorkersToOneHashEachWithItsOwnSeal() throws Exception {
    String other = TestingTaskRunners.key(0xb2).address();
    try (TestingTaskRunners second = new TestingTaskRunners(tmp.resolve("second"), TestingTaskRunners.key(0xb2), Saboteur.NONE)) {
      TaskReport mine = runCertified(t).report();
      TaskReport theirs = runCertified(second).report();
      assertEquals(mine.resultHash(), theirs.resultHash(), "equal results group under one hash");
      assertNotEquals(mine.resultSeal(), theirs.resultSeal());
      assertEquals(ResultCommitment.of(TASK_ID, second.held.get(theirs.replica()).digest(), other), commitment(theirs));
    }
  }

  @Test
  void shouldReportAFailedCertifiedTaskAsAFailure() throws Exception {
    DataRef app = t.api.put(TestingApps.zip(Map.of("README", "x")), "app.zip");
    FinishedTask f = run(certified(assignment(0, app, List.of("/bin/sh", "-c", "exit 3"), List.of(), List.of())));
    TaskReport r = f.report();
    assertFalse(r.success());
    assertFalse(r.isContribution());
    assertEquals(3, r.exitCode());
    assertTrue(t.held.replicas().isEmpty(), "nothing held");
  }

  @Test
  void shouldMakeColludingSaboteursCommitToTheSameWrongResult() throws Exception {
    try (TestingTaskRunners a = new TestingTaskRunners(tmp.resolve("a"), TestingTaskRunners.key(0xc1), Saboteur.COLLUDE);
        TestingTaskRunners b = new TestingTaskRunners(tmp.resolve("b"), TestingTaskRunners.key(0xc2), Saboteur.COLLUDE)) {
      TaskReport honest = runCertified(t).report();
      TaskReport lieA = runCertified(a).report();
      TaskReport lieB = runCertified(b).report();
      assertEquals(lieA.resultHash(), lieB.resultHash(), "colluders agree");
      assertNotEquals(honest.resultHash(), lieA.resultHash(), "on a wrong result");
      assertNotEquals(lieA.resultSeal(), lieB.resultSeal(), "each with its own seal");
      HeldResult held = a.held.get(lieA.replica());
      Path unpacked = TestingApps.unzip(Files.readAllBytes(a.held.zip(lieA.replica())), tmp.resolve("unpacked"));
      assertEquals("sabotaged " + TASK_ID + "\n", Files.readString(unpacked.resolve("result.txt")));
      assertEquals(held.digest(), "0x" + Hashes.folderDigest(unpacked), "it commits to and keeps the lie");
      assertTrue(commitment(lieA).revealedBy(TASK_ID, held.digest(), TestingTaskRunners.key(0xc1).address()));

      DataRef app = a.api.put(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
      DataRef input = a.api.put("hello\n".getBytes(StandardCharsets.UTF_8), "data.txt");
      Assignment plain = assignment(5, app, List.of("{app}/run.sh"), List.of("5", "0"), List.of(input));
      FinishedTask f = a.runner.run(new TaskHandle(plain.replica()), plain, creds, statuses::add);
      Path output = a.folders.path(f.folder()).resolve("output");
      assertEquals("hello\ntask 5\n", Files.readString(output.resolve("out.txt")), "plain tasks are not sabotaged");
      assertEquals(Hashes.folderDigest(output), f.report().resultDigest());
    }
  }

  @Test
  void shouldMakeRandomSaboteursEachCommitToADifferentWrongResult() throws Exception {
    try (TestingTaskRunners a = new TestingTaskRunners(tmp.resolve("a"), TestingTaskRunners.key(0xc1), Saboteur.RANDOM);
        TestingTaskRunners b = new TestingTaskRunners(tmp.resolve("b"), TestingTaskRunners.key(0xc2), Saboteur.RANDOM)) {
      TaskReport honest = runCertified(t).report();
      TaskReport lieA = runCertified(a).report();
      TaskReport lieB = runCertified(b).report();
      assertNotEquals(lieA.resultHash(), lieB.resultHash());
      assertNotEquals(honest.resultHash(), lieA.resultHash());
      assertNotEquals(honest.resultHash(), lieB.resultHash());
    }
  }
}
