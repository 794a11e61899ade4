package org.xwgrid.worker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xwgrid.worker.TestingApps.eventually;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.WorkerApi.ChainTerms;
import org.xwgrid.common.api.WorkerApi.Reveal;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.crypto.RelaySignatures;
import org.xwgrid.common.crypto.Secp256k1Key;
import org.xwgrid.worker.WorkerNodeSettings;
import org.xwgrid.worker.net.DispatcherException;
import org.xwgrid.worker.net.TestingDispatcherApi;
import org.xwgrid.worker.net.WorkerCredentials;
import org.xwgrid.worker.task.FinishedTask;
import org.xwgrid.worker.task.HeldResult;
import org.xwgrid.worker.task.HeldResults;
import org.xwgrid.worker.task.ResultArchive;
import org.xwgrid.worker.task.TaskFolders;

@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
class ReporterTest {
  @JUnit5TestKit public ActorTestKit testKit = new JUnit5TestKitBuilder().build();
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Secp256k1Key KEY = Secp256k1Key.of(BigInteger.valueOf(0xa1));
  private final WorkerCredentials creds = new WorkerCredentials("w-1", "tok");
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final TestingDispatcherApi api = new TestingDispatcherApi();
  @TempDir Path tmp;
  private TaskFolders folders;
  private PendingReportStore store;
  private HeldResults held;

  @BeforeEach
  void start() throws IOException {
    folders = TaskFolders.create(tmp.resolve("tasks"), pool);
    store = PendingReportStore.create(tmp.resolve("pending-reports.json"), pool);
    held = HeldResults.create(tmp.resolve("held"), pool);
  }

  private final List<ActorRef<Reporter.Command>> reporters = new java.util.ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    // stop the reporters and their file work before JUnit deletes the temp dir they write to
    reporters.forEach(r -> testKit.stop(r, java.time.Duration.ofSeconds(10)));
    pool.shutdownNow();
    pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static WorkerNodeSettings settings(String overrides) {
    return WorkerNodeSettings.fromConfig(
        ConfigFactory.parseString(
                "xwgrid.worker { backoff.min = 20ms, backoff.max = 100ms, report.persist-delay = 20ms\n" + overrides + "}")
            .withFallback(ConfigFactory.load()));
  }

  private ActorRef<Reporter.Command> reporter(WorkerNodeSettings s, List<PendingReport> loaded) {
    ActorRef<Reporter.Command> r = testKit.spawn(Reporter.create(s, api, store, folders, held, KEY, pool, loaded));
    reporters.add(r);
    return r;
  }

  /** A finished replica whose output folder holds {@code content} in out.txt. */
  private FinishedTask success(int index, String content) throws IOException {
    ReplicaRef r = new ReplicaRef("job", index, 1);
    Path dir = folders.prepare();
    Files.writeString(dir.resolve("output/out.txt"), content);
    DataRef zip = ResultArchive.write(dir.resolve("output"), dir.resolve(TaskFolders.RESULT_ZIP), "result.zip");
    return new FinishedTask(r, new TaskReport(r, true, zip, "d".repeat(64), 0, null, 5), dir.getFileName().toString());
  }

  private List<PendingReport> onDisk() {
    try {
      return store.load();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldSendReportsFinishedTogetherInOneCall() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings("report.batch-delay = 100ms"), List.of());
    TestProbe<WorkerCredentials> rejected = testKit.createTestProbe();
    reporter.tell(new Reporter.Connected(creds, rejected.getRef()));
    List<FinishedTask> three = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      three.add(success(i, "same"));
    }
    three.forEach(f -> reporter.tell(new Reporter.Report(f)));
    eventually(WAIT, () -> api.accepted.size() == 3, () -> "accepted " + api.accepted.keySet());
    assertEquals(1, api.resultCalls.size(), "one /results call for the three");
    assertEquals(1, api.uploads(api.accepted.values().iterator().next().result().sha256()), "one upload for one zip");
    for (FinishedTask f : three) {
      Path dir = folders.path(f.folder());
      eventually(WAIT, () -> !Files.exists(dir.resolve(TaskFolders.RESULT_ZIP)) && !Files.exists(dir.resolve("output/out.txt")), () -> "folders emptied");
    }
    java.util.Set<Path> lent = new java.util.HashSet<>();
    for (int i = 0; i < 3; i++) {
      lent.add(folders.prepare());
    }
    assertEquals(three.stream().map(f -> folders.path(f.folder())).collect(java.util.stream.Collectors.toSet()), lent, "and lent again");
  }

  @Test
  void shouldUploadAnEmptyResultFromTheSharedEmptyZip() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    ReplicaRef r = new ReplicaRef("job", 5, 1);
    Path dir = folders.prepare();
    DataRef empty = ResultArchive.writeUnlessEmpty(dir.resolve("output"), dir.resolve(TaskFolders.RESULT_ZIP), "result.zip");
    assertFalse(Files.exists(dir.resolve(TaskFolders.RESULT_ZIP)));
    reporter.tell(new Reporter.Report(new FinishedTask(r, new TaskReport(r, true, empty, "e".repeat(64), 0, null, 1), null)));
    eventually(WAIT, () -> api.accepted.containsKey(r), () -> "sent");
    assertEquals(1, api.uploads(ResultArchive.EMPTY_ZIP_SHA256));
    assertEquals(empty.size(), api.data(ResultArchive.EMPTY_ZIP_SHA256).length);
  }

  @Test
  void shouldKeepReportsThroughAnOutageAndDeliverThemAfterwards() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    api.down(true);
    FinishedTask f = success(0, "a");
    reporter.tell(new Reporter.Report(f));
    eventually(WAIT, () -> onDisk().size() == 1, () -> "saved while the dispatcher is down");
    Thread.sleep(300);
    assertTrue(api.accepted.isEmpty());
    assertTrue(Files.exists(folders.path(f.folder()).resolve(TaskFolders.RESULT_ZIP)), "the zip is kept");
    api.down(false);
    eventually(WAIT, () -> api.accepted.size() == 1, () -> "delivered after the outage");
    eventually(WAIT, () -> onDisk().isEmpty(), () -> "and forgotten once acknowledged");
  }

  @Test
  void shouldSendReportsLoadedFromAnEarlierRun() throws Exception {
    FinishedTask f = success(7, "b");
    PendingReport earlier = new PendingReport(f.report(), f.folder(), false);
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of(earlier));
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    eventually(WAIT, () -> api.accepted.containsKey(f.replica()), () -> "sent");
    assertEquals(1, api.uploads(f.report().result().sha256()), "its zip uploaded first");
  }

  @Test
  void shouldAskForANewRegistrationWhenTheCredentialsAreRefused() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of());
    TestProbe<WorkerCredentials> rejected = testKit.createTestProbe();
    api.error(new DispatcherException(401, "unauthorized", "who are you"));
    reporter.tell(new Reporter.Connected(creds, rejected.getRef()));
    reporter.tell(new Reporter.Report(new FinishedTask(new ReplicaRef("job", 1, 1),
        new TaskReport(new ReplicaRef("job", 1, 1), false, null, null, 2, "exit code 2", 3), "job-1-1")));
    rejected.expectMessage(creds);
    api.error(null);
    reporter.tell(new Reporter.Connected(new WorkerCredentials("w-1", "tok2"), rejected.getRef()));
    eventually(WAIT, () -> api.accepted.size() == 1, () -> "sent with the new credentials");
  }

  @Test
  void shouldDropAReportTheDispatcherRefuses() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of());
    api.error(new DispatcherException(400, "bad-request", "no such job"));
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    ReplicaRef r = new ReplicaRef("gone", 0, 1);
    reporter.tell(new Reporter.Report(new FinishedTask(r, new TaskReport(r, false, null, null, 1, "x", 1), "gone-0-1")));
    eventually(WAIT, () -> api.resultAttempts.get() >= 1, () -> "refused once");
    Thread.sleep(200);
    api.error(null);
    reporter.tell(new Reporter.Report(success(1, "c")));
    eventually(WAIT, () -> api.accepted.containsKey(new ReplicaRef("job", 1, 1)), () -> "the next one goes through");
    Thread.sleep(200);
    assertFalse(api.accepted.containsKey(r), "the refused report is not sent again");
    assertEquals(2, api.resultAttempts.get());
    eventually(WAIT, () -> onDisk().isEmpty(), () -> "nothing left");
  }

  @Test
  void shouldSendOnlyTheLatestProgressOfReplicasNotReportedYet() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings("report.batch-delay = 200ms"), List.of());
    ReplicaRef slow = new ReplicaRef("job", 1, 1);
    ReplicaRef quick = new ReplicaRef("job", 2, 1);
    // not connected yet: progress gathers
    reporter.tell(new Reporter.Status(new StatusUpdate(slow, ReplicaState.DOWNLOADING, null)));
    reporter.tell(new Reporter.Status(new StatusUpdate(quick, ReplicaState.DOWNLOADING, null)));
    reporter.tell(new Reporter.Status(new StatusUpdate(slow, ReplicaState.COMPUTING, null)));
    reporter.tell(new Reporter.Report(new FinishedTask(quick, new TaskReport(quick, false, null, null, 1, "x", 1), null)));
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    eventually(WAIT, () -> !api.statuses.isEmpty(), () -> "progress sent");
    Thread.sleep(300);
    assertEquals(List.of(new StatusUpdate(slow, ReplicaState.COMPUTING, null)), api.statuses);
    // once connected, more progress goes out too
    reporter.tell(new Reporter.Status(new StatusUpdate(new ReplicaRef("job", 3, 1), ReplicaState.COMPUTING, null)));
    eventually(WAIT, () -> api.statuses.size() == 2, () -> "second progress sent");
  }

  @Test
  void shouldSaveWhatItCannotDeliverWhenDrained() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings("report.persist-delay = 10s"), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    api.down(true);
    reporter.tell(new Reporter.Report(success(3, "d")));
    TestProbe<Reporter.Drained> drained = testKit.createTestProbe();
    reporter.tell(new Reporter.Drain(Duration.ofMillis(500), drained.getRef()));
    drained.expectMessage(Duration.ofSeconds(5), Reporter.Drained.INSTANCE);
    assertEquals(1, onDisk().size(), "saved at once despite the long persist delay");
    assertFalse(api.accepted.containsKey(new ReplicaRef("job", 3, 1)));
  }

  /** A certified replica whose output (out.txt holding {@code content}) is held. */
  private HeldResult held(int index, String content) throws IOException {
    return held(index, content, null);
  }

  /** ... of an on-chain deal with these terms (null: off chain). */
  private HeldResult held(int index, String content, ChainTerms chain) throws IOException {
    ReplicaRef r = new ReplicaRef("certified", index, 1);
    Path output = Files.createDirectories(tmp.resolve("out-" + index));
    Files.writeString(output.resolve("out.txt"), content);
    return held.hold(r, "0x" + "7c".repeat(32), "0x" + String.format("%064x", index), chain, output);
  }

  private List<Reveal> revealed() {
    return api.revealCalls.stream().flatMap(c -> c.reveals().stream()).toList();
  }

  @Test
  void shouldRevealTheCommittedDigestOfAHeldResultEachTimeItIsAsked() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    HeldResult h = held(1, "one");
    reporter.tell(new Reporter.RevealHeld(List.of(h.replica()), List.of()));
    eventually(WAIT, () -> revealed().size() == 1, () -> "revealed " + revealed());
    assertEquals(new Reveal(h.replica(), h.digest(), null), revealed().get(0));
    assertEquals(0, api.uploads(h.zip().sha256()), "a reveal uploads nothing");
    reporter.tell(new Reporter.RevealHeld(List.of(h.replica()), List.of()));
    eventually(WAIT, () -> revealed().size() == 2, () -> "revealed again when asked again " + revealed());
    assertNotNull(held.get(h.replica()), "still held: only the dispatcher's abort forgets it");
  }

  @Test
  void shouldUploadAHeldResultAndRevealItWithItsZip() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    HeldResult h = held(2, "two");
    reporter.tell(new Reporter.RevealHeld(List.of(h.replica()), List.of(h.replica())));
    eventually(WAIT, () -> revealed().size() == 1, () -> "revealed " + revealed());
    assertEquals(new Reveal(h.replica(), h.digest(), h.zip()), revealed().get(0), "one reveal, with the zip");
    assertEquals(1, api.uploads(h.zip().sha256()));
    assertEquals(h.zip().size(), api.data(h.zip().sha256()).length);
    assertTrue(Files.exists(held.zip(h.replica())), "the zip is kept");
  }

  @Test
  void shouldRetryRevealsThroughAnOutage() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    HeldResult a = held(3, "three");
    HeldResult b = held(4, "four");
    api.down(true);
    reporter.tell(new Reporter.RevealHeld(List.of(a.replica()), List.of(b.replica())));
    eventually(WAIT, () -> api.revealAttempts.get() >= 1, () -> "tried while down");
    Thread.sleep(300);
    assertTrue(revealed().isEmpty());
    api.down(false);
    eventually(WAIT, () -> revealed().size() == 2, () -> "delivered after the outage " + revealed());
    assertTrue(revealed().contains(new Reveal(a.replica(), a.digest(), null)));
    assertTrue(revealed().contains(new Reveal(b.replica(), b.digest(), b.zip())));
  }

  @Test
  void shouldDropARevealOfAResultItDoesNotHold() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    HeldResult h = held(5, "five");
    assertTrue(held.release(h.replica()));
    reporter.tell(new Reporter.RevealHeld(List.of(new ReplicaRef("unknown", 0, 1)), List.of(h.replica())));
    HeldResult next = held(6, "six");
    reporter.tell(new Reporter.RevealHeld(List.of(next.replica()), List.of()));
    eventually(WAIT, () -> revealed().size() == 1, () -> "revealed " + revealed());
    Thread.sleep(200);
    assertEquals(List.of(new Reveal(next.replica(), next.digest(), null)), revealed());
    assertEquals(0, api.uploads(h.zip().sha256()));
  }

  @Test
  void shouldNeitherRevealNorUploadWhenMisbehavingNoReveal() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings("testing.misbehave = no-reveal"), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    HeldResult a = held(7, "seven");
    HeldResult b = held(8, "eight");
    reporter.tell(new Reporter.RevealHeld(List.of(a.replica(), b.replica()), List.of(b.replica())));
    reporter.tell(new Reporter.RevealHeld(List.of(), List.of(a.replica())));
    Thread.sleep(400);
    assertEquals(0, api.revealAttempts.get(), "no /reveals call");
    assertEquals(0, api.uploads(a.zip().sha256()) + api.uploads(b.zip().sha256()), "no upload");
    assertNotNull(held.get(a.replica()), "still held");
    assertNotNull(held.get(b.replica()), "still held");
  }

  @Test
  void shouldRevealButNotUploadWhenMisbehavingNoUpload() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings("testing.misbehave = no-upload"), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    HeldResult a = held(9, "nine");
    HeldResult b = held(10, "ten");
    reporter.tell(new Reporter.RevealHeld(List.of(a.replica()), List.of(a.replica(), b.replica())));
    eventually(WAIT, () -> revealed().size() == 1, () -> "revealed " + revealed());
    Thread.sleep(300);
    assertEquals(List.of(new Reveal(a.replica(), a.digest(), null)), revealed(), "the committed digest, without a zip");
    assertEquals(0, api.uploads(a.zip().sha256()) + api.uploads(b.zip().sha256()), "no upload");
  }

  @Test
  void shouldRevealAnotherDigestAndNotUploadWhenMisbehavingBadReveal() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings("testing.misbehave = bad-reveal"), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    HeldResult a = held(11, "eleven");
    HeldResult b = held(12, "twelve");
    reporter.tell(new Reporter.RevealHeld(List.of(a.replica()), List.of(a.replica(), b.replica())));
    eventually(WAIT, () -> revealed().size() == 1, () -> "revealed " + revealed());
    Thread.sleep(300);
    Reveal r = revealed().get(0);
    assertEquals(new Reveal(a.replica(), "0x" + Hashes.sha256Hex("bad " + a.digest()), null), r);
    assertFalse(r.digest().equals(a.digest()), "not the committed digest");
    assertEquals(1, revealed().size(), "the upload of b is ignored");
    assertEquals(0, api.uploads(a.zip().sha256()) + api.uploads(b.zip().sha256()), "no upload");
  }

  // ---- reveals of held results of on-chain deals ------------------------------------------------

  private static final ChainTerms CHAIN = new ChainTerms(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");

  /** Who signed {@code r} as a reveal of its digest for task {@code h.taskId()} on {@link #CHAIN}. */
  private static String revealSigner(HeldResult h, Reveal r) {
    return RelaySignatures.signer(
        new RelaySignatures(CHAIN.chainId(), CHAIN.hub()).digest(RelaySignatures.revealHash(h.taskId(), r.digest())),
        r.revealSign());
  }

  @Test
  void shouldSignEveryRevealOfAResultOfAnOnChainDeal() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    HeldResult h = held(13, "thirteen", CHAIN);
    HeldResult plain = held(14, "fourteen");
    reporter.tell(new Reporter.RevealHeld(List.of(h.replica(), plain.replica()), List.of()));
    eventually(WAIT, () -> revealed().size() == 2, () -> "revealed " + revealed());
    Reveal reveal = revealed().stream().filter(r -> r.replica().equals(h.replica())).findFirst().orElseThrow();
    assertEquals(h.digest(), reveal.digest());
    assertEquals(KEY.address(), revealSigner(h, reveal), "signed by the worker's key over the digest it reveals");
    assertEquals(
        new Reveal(plain.replica(), plain.digest(), null, null),
        revealed().stream().filter(r -> r.replica().equals(plain.replica())).findFirst().orElseThrow(),
        "off chain: no signature");

    reporter.tell(new Reporter.RevealHeld(List.of(), List.of(h.replica())));
    eventually(WAIT, () -> revealed().size() == 3, () -> "revealed with the upload " + revealed());
    Reveal upload = revealed().get(2);
    assertEquals(h.zip(), upload.result());
    assertEquals(1, api.uploads(h.zip().sha256()));
    assertEquals(KEY.address(), revealSigner(h, upload), "the reveal with the upload is signed too");
  }

  @Test
  void shouldSignTheBadDigestItRevealsWhenMisbehavingBadRevealOnChain() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings("testing.misbehave = bad-reveal"), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    HeldResult h = held(15, "fifteen", CHAIN);
    reporter.tell(new Reporter.RevealHeld(List.of(h.replica()), List.of()));
    eventually(WAIT, () -> revealed().size() == 1, () -> "revealed " + revealed());
    Reveal r = revealed().get(0);
    assertEquals("0x" + Hashes.sha256Hex("bad " + h.digest()), r.digest(), "not the committed digest");
    assertEquals(KEY.address(), revealSigner(h, r), "but well signed: refused for its digest, not its signature");
  }

  @Test
  void shouldDropARevealItCannotSignAndGoOn() throws Exception {
    ActorRef<Reporter.Command> reporter = reporter(settings(""), List.of());
    reporter.tell(new Reporter.Connected(creds, testKit.<WorkerCredentials>createTestProbe().getRef()));
    HeldResult broken = held(16, "sixteen", new ChainTerms(31337, "0x1234"));
    HeldResult h = held(17, "seventeen", CHAIN);
    reporter.tell(new Reporter.RevealHeld(List.of(broken.replica(), h.replica()), List.of(broken.replica())));
    eventually(WAIT, () -> revealed().size() == 1, () -> "revealed " + revealed());
    Thread.sleep(300);
    assertEquals(List.of(h.replica()), revealed().stream().map(Reveal::replica).toList(), "the broken one is dropped");
    assertEquals(KEY.address(), revealSigner(h, revealed().get(0)));
    assertEquals(1, api.revealAttempts.get(), "not retried");
    assertNotNull(held.get(broken.replica()), "still held: only the dispatcher's abort forgets it");
  }
}
