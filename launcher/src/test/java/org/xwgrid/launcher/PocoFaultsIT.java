package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.ClientApi.AccountList;
import org.xwgrid.common.api.ClientApi.AccountView;
import org.xwgrid.common.api.ClientApi.DepositRequest;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.ReplicaView;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.ClientApi.UserRequest;
import org.xwgrid.common.api.ClientApi.WorkerView;
import org.xwgrid.common.api.WorkerApi;
import org.xwgrid.common.crypto.Secp256k1Key;
import org.xwgrid.common.poco.ResultCommitment;

/**
 * Proof-of-Contribution when things go wrong, on a real dispatcher and real worker processes
 * (made to misbehave with the test-only {@code --testing-misbehave} flag) or a scripted worker
 * speaking the protocol over HTTP: a chosen uploader killed, nobody revealing, a contribution
 * deadline passing, a reveal that does not match its commitment, a copied commitment, and a
 * dispatcher {@code kill -9} between consensus and finalization. The ledger balances in each.
 */
class PocoFaultsIT {
  private static final long PRICE = 10;
  private static final long STAKE = 3;
  private static final long CREDITS = 1_000;

  /** A grid with a category TEST of the given period, a script app, a requester and worker users. */
  private static final class Fixture implements AutoCloseable {
    final LocalGrid grid;
    final GridClient admin;
    final GridClient requester;
    final Map<String, String> tokens = new HashMap<>();
    final Map<String, Process> workers = new HashMap<>();
    long total;

    Fixture(Path dir, Duration period, String... users) throws Exception {
      grid =
          LocalGrid.start(
              dir,
              "-Dxwgrid.dispatcher.workers.heartbeat-interval=1s",
              "-Dxwgrid.dispatcher.workers.heartbeat-timeout=8s",
              "-Dxwgrid.dispatcher.poco.categories.TEST=" + period.toMillis() + "ms",
              "-Dxwgrid.dispatcher.poco.upload-timeout=5s");
      admin = grid.admin();
      GridFixture.scriptApp(admin, dir, "digest", "printf 'certified\\n' > \"$XW_OUTPUT_DIR/stamp.txt\"");
      requester = GridClient.create(grid.url(), admin.createUser(new UserRequest("lab", "standard")).token());
      admin.deposit("lab", new DepositRequest(CREDITS, "grant"));
      total = CREDITS;
      for (String u : users) {
        tokens.put(u, admin.createUser(new UserRequest(u, "worker")).token());
        admin.deposit(u, new DepositRequest(CREDITS, "stake"));
        total += CREDITS;
      }
    }

    void start(String name, String... flags) throws IOException {
      workers.put(name, grid.startWorkerAs(tokens.get(name), name, 1, flags));
    }

    void kill(String name) throws InterruptedException {
      Process p = workers.remove(name);
      p.destroyForcibly();
      p.waitFor(20, TimeUnit.SECONDS);
    }

    void stop(String name) throws InterruptedException {
      Process p = workers.remove(name);
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }

    JobView submit(int tasks, int trust) {
      return requester.submitJob(
          new JobRequest("digest", "trust " + trust, tasks, Map.of("n", "{index}"), null, null, 60L, null, null, trust, "TEST", PRICE, null));
    }

    TaskView awaitTask(String jobId, int index, Predicate<TaskView> p, Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      TaskView last = null;
      while (System.nanoTime() < end) {
        last = requester.listTasks(jobId, index, 1).tasks().get(0);
        if (p.test(last)) {
          return last;
        }
        Thread.sleep(200);
      }
      throw new AssertionError("task " + index + " of " + jobId + " never got there: " + last);
    }

    String nameOf(String workerId) {
      return admin.listWorkers().workers().stream().filter(w -> w.id().equals(workerId)).map(WorkerView::name).findFirst().orElseThrow();
    }

    String idOf(String name) {
      return admin.listWorkers().workers().stream().filter(w -> w.name().equals(name)).map(WorkerView::id).findFirst().orElseThrow();
    }

    long score(String name) {
      return admin.listWorkers().workers().stream().filter(w -> w.name().equals(name)).mapToLong(WorkerView::score).findFirst().orElseThrow();
    }

    /** The accounts once every certified task settled: nothing locked, no task escrow left. */
    AccountList settled() throws InterruptedException {
      AccountList a = admin.listAccounts();
      for (int i = 0; i < 120 && a.accounts().stream().anyMatch(x -> x.locked() != 0 || x.account().startsWith("task:")); i++) {
        Thread.sleep(250);
        a = admin.listAccounts();
      }
      assertEquals(total, a.total(), a.toString());
      assertEquals(total, a.accounts().stream().mapToLong(x -> x.balance() + x.locked()).sum(), "the ledger balances: " + a);
      assertTrue(a.accounts().stream().allMatch(x -> x.locked() == 0), "nothing stays locked: " + a);
      return a;
    }

    static long balance(AccountList a, String user) {
      return a.accounts().stream().filter(x -> x.account().equals("user:" + user)).mapToLong(AccountView::balance).findFirst().orElse(0);
    }

    @Override
    public void close() {
      grid.close();
    }
  }

  private static ReplicaView replicaOf(TaskView t, String workerId) {
    return t.poco().replicas().stream().filter(r -> r.worker().equals(workerId)).findFirst().orElseThrow();
  }

  private static boolean uploaderChosen(TaskView t) {
    return t.poco() != null && "REVEALING".equals(t.poco().phase()) && t.poco().uploader() != null;
  }

  @Test
  void shouldHaveAnotherRevealerUploadWhenTheChosenOneIsKilled(@TempDir Path dir) throws Exception {
    try (Fixture f = new Fixture(dir, Duration.ofSeconds(60), "a", "b")) {
      f.start("a", "--testing-misbehave=no-upload");
      f.start("b", "--testing-misbehave=no-upload");
      JobView job = f.submit(1, 3);
      TaskView chosen = f.awaitTask(job.id(), 0, PocoFaultsIT::uploaderChosen, Duration.ofSeconds(90));
      String killed = f.nameOf(chosen.poco().uploader());
      String other = killed.equals("a") ? "b" : "a";
      f.kill(killed); // kill -9 before it uploads
      f.stop(other);
      f.start(other); // the other revealer, well behaved now, keeps its output across the restart

      JobView done = GridFixture.awaitFinished(f.requester, job.id(), Duration.ofSeconds(90));
      assertEquals("COMPLETED", done.state(), done.toString());
      TaskView t = f.requester.listTasks(job.id(), 0, 1).tasks().get(0);
      assertEquals(f.idOf(other), t.poco().uploader(), "the other revealer uploaded: " + t);
      assertEquals("FINALIZED", t.poco().phase());
      assertNotNull(t.result());
      assertEquals("REVEALED", replicaOf(t, f.idOf(killed)).status(), "the killed one revealed and still won");

      var a = f.settled();
      assertEquals(CREDITS - PRICE, Fixture.balance(a, "lab"), "paid once");
      assertTrue(Fixture.balance(a, "a") > CREDITS && Fixture.balance(a, "b") > CREDITS, "both winners rewarded: " + a);
    }
  }

  @Test
  void shouldReopenATaskWhoseWinnersDoNotRevealThenComplete(@TempDir Path dir) throws Exception {
    try (Fixture f = new Fixture(dir, Duration.ofSeconds(5), "a", "b", "c", "d")) {
      f.start("a", "--testing-misbehave=no-reveal");
      f.start("b", "--testing-misbehave=no-reveal");
      JobView job = f.submit(1, 3);
      f.awaitTask(job.id(), 0, t -> t.poco() != null && "REVEALING".equals(t.poco().phase()), Duration.ofSeconds(60));
      f.start("c");
      f.start("d");

      JobView done = GridFixture.awaitFinished(f.requester, job.id(), Duration.ofSeconds(90));
      assertEquals("COMPLETED", done.state(), done.toString());
      TaskView t = f.requester.listTasks(job.id(), 0, 1).tasks().get(0);
      assertTrue(t.errors().stream().anyMatch(e -> e.contains("reopened")), t.errors().toString());
      assertEquals("FAILED", replicaOf(t, f.idOf("a")).status(), t.toString());
      assertEquals("FAILED", replicaOf(t, f.idOf("b")).status(), t.toString());
      assertEquals("REVEALED", replicaOf(t, f.idOf("c")).status(), t.toString());
      assertEquals("REVEALED", replicaOf(t, f.idOf("d")).status(), t.toString());

      var a = f.settled();
      assertEquals(CREDITS - PRICE, Fixture.balance(a, "lab"));
      assertEquals(CREDITS - STAKE, Fixture.balance(a, "a"), "a's stake seized: " + a);
      assertEquals(CREDITS - STAKE, Fixture.balance(a, "b"), "b's stake seized: " + a);
      assertTrue(Fixture.balance(a, "c") > CREDITS && Fixture.balance(a, "d") > CREDITS, "c and d rewarded: " + a);
      assertEquals(1, f.score("c"));
      assertEquals(0, f.score("a"));
    }
  }

  @Test
  void shouldFailATaskPastItsContributionDeadlineAndRefundTheRequester(@TempDir Path dir) throws Exception {
    try (Fixture f = new Fixture(dir, Duration.ofSeconds(2), "a", "b")) {
      f.start("a");
      f.start("b");
      JobView job = f.submit(1, 10); // fresh workers: trust 10 needs four who agree, there are two
      JobView done = GridFixture.awaitFinished(f.requester, job.id(), Duration.ofSeconds(90));
      assertEquals("FAILED", done.state(), done.toString());
      TaskView t = f.requester.listTasks(job.id(), 0, 1).tasks().get(0);
      assertEquals("FAILED", t.poco().phase());
      assertTrue(t.errors().stream().anyMatch(e -> e.contains("contribution deadline")), t.errors().toString());
      assertEquals(2, t.poco().replicas().stream().filter(r -> r.resultHash() != null).count(), t.toString());

      var a = f.settled();
      assertEquals(CREDITS, Fixture.balance(a, "lab"), "the requester is refunded");
      assertEquals(CREDITS, Fixture.balance(a, "a"), "stakes unlocked");
      assertEquals(CREDITS, Fixture.balance(a, "b"));
    }
  }

  @Test
  void shouldRejectARevealThatDoesNotMatchItsCommitment(@TempDir Path dir) throws Exception {
    try (Fixture f = new Fixture(dir, Duration.ofSeconds(60), "a", "b")) {
      f.start("a", "--testing-misbehave=bad-reveal");
      JobView job = f.submit(1, 3);
      f.awaitTask(job.id(), 0, t -> t.attempts() == 1, Duration.ofSeconds(60)); // a holds the first replica
      f.start("b");

      JobView done = GridFixture.awaitFinished(f.requester, job.id(), Duration.ofSeconds(90));
      assertEquals("COMPLETED", done.state(), done.toString());
      TaskView t = f.requester.listTasks(job.id(), 0, 1).tasks().get(0);
      assertEquals("FAILED", replicaOf(t, f.idOf("a")).status(), t.toString());
      assertEquals(replicaOf(t, f.idOf("b")).resultHash(), replicaOf(t, f.idOf("a")).resultHash(), "a computed the right result");
      assertTrue(t.errors().stream().anyMatch(e -> e.contains("does not reproduce the commitment")), t.errors().toString());
      assertEquals(f.idOf("b"), t.poco().uploader());

      var a = f.settled();
      assertEquals(CREDITS - STAKE, Fixture.balance(a, "a"), "a's stake seized: " + a);
      assertTrue(Fixture.balance(a, "b") > CREDITS, "b rewarded: " + a);
    }
  }

  @Test
  void shouldRejectACopiedCommitmentAtItsReveal(@TempDir Path dir) throws Exception {
    try (Fixture f = new Fixture(dir, Duration.ofSeconds(60), "b", "copycat")) {
      // the honest digest of task 0, as a plain job computes it
      JobView plain =
          f.requester.submitJob(new JobRequest("digest", "plain", 1, Map.of("n", "{index}"), null, null, 60L, null, null));
      f.start("b");
      GridFixture.awaitFinished(f.requester, plain.id(), Duration.ofSeconds(60));
      String digest = "0x" + f.requester.listTasks(plain.id(), 0, 1).tasks().get(0).resultDigest();
      f.stop("b");

      ScriptedWorker copycat = ScriptedWorker.register(f.grid.url(), f.tokens.get("copycat"));
      JobView job = f.submit(1, 3);
      WorkerApi.Assignment mine = copycat.work();
      assertNotNull(mine.taskId());
      copycat.keepAlive(mine.replica());
      f.start("b");
      String bAddress = awaitAddress(f, "b");
      // the copycat sends b's commitment as its own: right hash, but the seal binds b's address
      ResultCommitment copied = ResultCommitment.of(mine.taskId(), digest, bAddress);
      WorkerApi.ResultAck ack = copycat.contribute(mine.replica(), copied);
      assertEquals(List.of(mine.replica()), ack.accepted());
      TaskView revealing =
          f.awaitTask(job.id(), 0, t -> t.poco() != null && "REVEALING".equals(t.poco().phase()), Duration.ofSeconds(60));
      assertEquals(copied.resultHash(), revealing.poco().consensusHash(), "the copy counted in the vote");
      assertTrue(copycat.heartbeat(mine.replica()).reveal().contains(mine.replica()), "asked to reveal");
      copycat.reveal(mine.replica(), digest);

      JobView done = GridFixture.awaitFinished(f.requester, job.id(), Duration.ofSeconds(90));
      assertEquals("COMPLETED", done.state(), done.toString());
      TaskView t = f.requester.listTasks(job.id(), 0, 1).tasks().get(0);
      assertEquals("FAILED", replicaOf(t, copycat.workerId).status(), t.toString());
      assertEquals(f.idOf("b"), t.poco().uploader());
      var a = f.settled();
      assertEquals(CREDITS - STAKE, Fixture.balance(a, "copycat"), "the copycat's stake seized: " + a);
    }
  }

  @Test
  void shouldFinishAfterADispatcherKillBetweenConsensusAndFinalizationPayingOnce(@TempDir Path dir) throws Exception {
    try (Fixture f = new Fixture(dir, Duration.ofSeconds(60), "a", "b")) {
      f.start("a", "--testing-misbehave=no-upload");
      f.start("b", "--testing-misbehave=no-upload");
      JobView job = f.submit(3, 3);
      for (int i = 0; i < 3; i++) {
        f.awaitTask(job.id(), i, PocoFaultsIT::uploaderChosen, Duration.ofSeconds(90));
      }
      f.grid.killDispatcher(); // kill -9: consensus reached, revealed, nothing uploaded
      f.grid.startDispatcher();
      f.stop("a");
      f.stop("b");
      f.start("a");
      f.start("b");

      JobView done = GridFixture.awaitFinished(f.requester, job.id(), Duration.ofSeconds(120));
      assertEquals("COMPLETED", done.state(), done.toString());
      var a = f.settled();
      assertEquals(CREDITS - 3 * PRICE, Fixture.balance(a, "lab"), "three tasks paid, once each: " + a);
      assertEquals(3, f.score("a"), "one point per replicated task won, once");
      assertEquals(3, f.score("b"));
      f.grid.killDispatcher(); // and once more after settling: nothing moves
      f.grid.startDispatcher();
      Thread.sleep(3000);
      assertEquals(a.accounts(), f.settled().accounts());
      assertEquals(3, f.score("a"));
    }
  }

  private static String awaitAddress(Fixture f, String name) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      for (WorkerView w : f.admin.listWorkers().workers()) {
        if (w.name().equals(name) && w.address() != null) {
          return w.address();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " never registered");
  }

  /** A worker played by the test over the worker protocol: it commits and reveals what it is told. */
  private static final class ScriptedWorker {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private final String workerId;
    private final String token;

    private ScriptedWorker(String url, String workerId, String token) {
      this.url = url;
      this.workerId = workerId;
      this.token = token;
    }

    static ScriptedWorker register(String url, String enrolment) throws Exception {
      Secp256k1Key key = Secp256k1Key.generate(new SecureRandom());
      Capabilities caps = new Capabilities("linux", "amd64", 1, 1024, List.of());
      WorkerApi.Registered r =
          post(HttpClient.newHttpClient(), url + "/api/v1/workers/register", enrolment,
              new WorkerApi.Register(null, "copycat", caps, 1, key.address()), WorkerApi.Registered.class);
      return new ScriptedWorker(url, r.workerId(), r.workerToken());
    }

    WorkerApi.Assignment work() throws Exception {
      for (int i = 0; i < 10; i++) {
        WorkerApi.WorkBatch b = call("work", new WorkerApi.WorkRequest(1, 10_000), WorkerApi.WorkBatch.class);
        if (!b.assignments().isEmpty()) {
          return b.assignments().get(0);
        }
      }
      throw new AssertionError("no work for the scripted worker");
    }

    WorkerApi.ResultAck contribute(org.xwgrid.common.api.ReplicaRef replica, ResultCommitment c) throws Exception {
      WorkerApi.TaskReport r = WorkerApi.TaskReport.contribution(replica, 0, 10, c.resultHash(), c.resultSeal());
      return call("results", new WorkerApi.ResultReport(List.of(r)), WorkerApi.ResultAck.class);
    }

    /** Heartbeats every second from now on, listing {@code held}, as a worker does. */
    void keepAlive(org.xwgrid.common.api.ReplicaRef held) {
      Thread t =
          new Thread(
              () -> {
                while (true) {
                  try {
                    heartbeat(held);
                    Thread.sleep(1000);
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception dispatcherGone) {
                    return;
                  }
                }
              },
              "copycat-heartbeat");
      t.setDaemon(true);
      t.start();
    }

    WorkerApi.HeartbeatAck heartbeat(org.xwgrid.common.api.ReplicaRef held) throws Exception {
      return call("heartbeat", new WorkerApi.Heartbeat(List.of(held)), WorkerApi.HeartbeatAck.class);
    }

    WorkerApi.ResultAck reveal(org.xwgrid.common.api.ReplicaRef replica, String digest) throws Exception {
      return call("reveals", new WorkerApi.RevealReport(List.of(new WorkerApi.Reveal(replica, digest, null))), WorkerApi.ResultAck.class);
    }

    private <T> T call(String what, Object body, Class<T> type) throws Exception {
      return post(http, url + "/api/v1/workers/" + workerId + "/" + what, token, body, type);
    }

    private static <T> T post(HttpClient http, String uri, String token, Object body, Class<T> type) throws Exception {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(uri))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
              .build();
      HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      assertTrue(resp.statusCode() / 100 == 2, uri + " answered " + resp.statusCode() + ": " + new String(resp.body()));
      return Json.mapper().readValue(resp.body(), type);
    }
  }
}
