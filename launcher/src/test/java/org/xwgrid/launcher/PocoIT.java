package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.AccountList;
import org.xwgrid.common.api.ClientApi.AccountView;
import org.xwgrid.common.api.ClientApi.DepositRequest;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.PocoView;
import org.xwgrid.common.api.ClientApi.ReplicaView;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.ClientApi.UserRequest;
import org.xwgrid.common.api.ClientApi.WorkerView;

/**
 * Proof-of-Contribution on a real dispatcher with six real worker processes, two of which turn
 * into colluding saboteurs ({@code --testing-saboteur=collude}): they first earn a little
 * reputation honestly, the four honest workers earn more, then a job of 50 tasks at trust 10
 * runs with everyone. Every finalized result is the honest one, the saboteurs' scores fall, the
 * honest ones rise, and the ledger of credits balances to the unit with nothing left locked.
 */
class PocoIT {
  private static final long PRICE = 10;
  private static final long REQUESTER_CREDITS = 1_000_000;
  private static final long WORKER_CREDITS = 1_000;
  private static final List<String> HONEST = List.of("h1", "h2", "h3", "h4");
  private static final List<String> SABOTEURS = List.of("s1", "s2");

  @Test
  void shouldCertifyOnlyHonestResultsAgainstColludingSaboteurs(@TempDir Path dir) throws Exception {
    try (LocalGrid grid =
        LocalGrid.start(
            dir,
            "-Dxwgrid.dispatcher.workers.heartbeat-interval=1s",
            "-Dxwgrid.dispatcher.workers.heartbeat-timeout=8s",
            "-Dxwgrid.dispatcher.poco.categories.TEST=15s",
            "-Dxwgrid.dispatcher.poco.upload-timeout=10s")) {
      GridClient admin = grid.admin();
      GridFixture.scriptApp(admin, dir, "digest", "printf 'certified\\n' > \"$XW_OUTPUT_DIR/stamp.txt\"");
      String lab = admin.createUser(new UserRequest("lab", "standard")).token();
      GridClient requester = GridClient.create(grid.url(), lab);
      admin.deposit("lab", new DepositRequest(REQUESTER_CREDITS, "grant"));
      Map<String, String> tokens = new LinkedHashMap<>();
      for (String w : concat(SABOTEURS, HONEST)) {
        tokens.put(w, admin.createUser(new UserRequest(w, "worker")).token());
        admin.deposit(w, new DepositRequest(WORKER_CREDITS, "stake"));
      }
      long total = REQUESTER_CREDITS + WORKER_CREDITS * tokens.size();

      // the future saboteurs earn a little reputation, honestly, on their own
      Map<String, Process> running = new HashMap<>();
      for (String w : SABOTEURS) {
        running.put(w, grid.startWorkerAs(tokens.get(w), w, 1));
      }
      int paid = 0;
      do {
        paid += completed(runJob(requester, 4, 3));
      } while (minScore(admin, SABOTEURS) < 3);
      stop(running, SABOTEURS);

      // the honest workers earn more on their own: weight 4 (score 15) and up
      for (String w : HONEST) {
        running.put(w, grid.startWorkerAs(tokens.get(w), w, 1));
      }
      for (int round = 0; round < 8 && minScore(admin, HONEST) < 15; round++) {
        paid += completed(runJob(requester, 12, 5));
      }
      Map<String, Long> before = scores(admin);
      assertTrue(minScore(admin, HONEST) >= 15, "honest reputation built: " + before);
      AccountList funds = awaitUnlocked(admin);

      // now everyone, the two saboteurs colluding
      java.time.Instant restarted = java.time.Instant.now();
      for (String w : SABOTEURS) {
        running.put(w, grid.startWorkerAs(tokens.get(w), w, 1, "--testing-saboteur=collude"));
      }
      awaitActive(admin, SABOTEURS, restarted);
      JobView job = runJob(requester, 50, 10);
      assertEquals("COMPLETED", job.state(), "every task reached consensus: " + job);
      paid += completed(job);

      List<TaskView> tasks = GridFixture.tasks(requester, job.id(), 50);
      Map<String, String> names = names(admin);
      int sabotaged = 0;
      for (TaskView t : tasks) {
        PocoView p = t.poco();
        assertEquals("FINALIZED", p.phase(), t.toString());
        assertTrue(p.credibility() > p.threshold(), t.toString());
        for (ReplicaView r : p.replicas()) {
          boolean saboteur = SABOTEURS.contains(names.get(r.worker()));
          if (saboteur && r.resultHash() != null) {
            sabotaged++;
            assertFalse(r.resultHash().equals(p.consensusHash()), "a saboteur in the winning group: " + t);
          }
        }
        assertFalse(SABOTEURS.contains(names.get(p.uploader())), "a saboteur uploaded: " + t);
      }
      assertTrue(sabotaged > 0, "the saboteurs contributed: " + tasks.get(0) + " " + names + " in " + dir);

      // the results the requester downloads are the honest outputs
      Path out = dir.resolve("results");
      GridFixture.Run r =
          GridFixture.xw(Map.of("XW_DISPATCHER", grid.url(), "XW_TOKEN", lab), Duration.ofSeconds(60), "results", job.id(), "-o", out.toString());
      assertEquals(0, r.exit(), r.err());
      for (int i = 0; i < 50; i++) {
        assertEquals("certified\n", Files.readString(out.resolve(i + "/stamp.txt")), "task " + i);
        assertFalse(Files.exists(out.resolve(i + "/result.txt")), "task " + i + " holds a saboteur's output");
      }

      // status --replicas shows the contributions
      GridFixture.Run status =
          GridFixture.xw(Map.of("XW_DISPATCHER", grid.url(), "XW_TOKEN", lab), Duration.ofSeconds(60), "status", job.id(), "--replicas", "--json");
      assertEquals(0, status.exit(), status.err());
      JsonNode shown = Json.mapper().readTree(status.out());
      assertEquals(50, shown.get("tasks").size());
      assertEquals("FINALIZED", shown.get("tasks").get(0).get("poco").get("phase").asText());

      // reputation: the saboteurs lost theirs, the honest workers gained
      Map<String, Long> after = awaitScoresSettled(admin, before);
      for (String w : SABOTEURS) {
        assertTrue(after.get(w) < before.get(w), w + " fell: " + before + " → " + after);
      }
      for (String w : HONEST) {
        assertTrue(after.get(w) > before.get(w), w + " rose: " + before + " → " + after);
      }

      // the ledger balances to the unit, nothing stays locked, the requester paid for what it got
      AccountList accounts = awaitUnlocked(admin);
      assertEquals(total, accounts.total());
      assertEquals(total, accounts.accounts().stream().mapToLong(a -> a.balance() + a.locked()).sum());
      assertEquals(REQUESTER_CREDITS - PRICE * paid, balance(accounts, "user:lab"));
      for (String w : SABOTEURS) {
        assertTrue(balance(accounts, "user:" + w) < balance(funds, "user:" + w), w + " lost stakes: " + accounts);
      }
      for (String w : HONEST) {
        assertTrue(balance(accounts, "user:" + w) > balance(funds, "user:" + w), w + " earned: " + accounts);
      }
    }
  }

  private static JobView runJob(GridClient requester, int tasks, int trust) throws InterruptedException {
    JobView job =
        requester.submitJob(
            new JobRequest("digest", "trust " + trust, tasks, Map.of("n", "{index}"), null, null, 60L, null, null, trust, "TEST", PRICE, null));
    return GridFixture.awaitFinished(requester, job.id(), Duration.ofMinutes(5));
  }

  /** Waits until these workers are back: active and heard of since {@code since}. */
  private static void awaitActive(GridClient admin, List<String> names, java.time.Instant since) throws InterruptedException {
    for (int i = 0; i < 240; i++) {
      long back =
          admin.listWorkers().workers().stream()
              .filter(w -> names.contains(w.name()) && "ACTIVE".equals(w.status()) && w.lastSeen().isAfter(since))
              .count();
      if (back == names.size()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(names + " did not come back");
  }

  private static int completed(JobView job) {
    return GridFixture.count(job, "COMPLETED");
  }

  private static void stop(Map<String, Process> running, List<String> names) throws InterruptedException {
    for (String w : names) {
      Process p = running.remove(w);
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** Worker name → score (worker names are their owners' names here). */
  private static Map<String, Long> scores(GridClient admin) {
    Map<String, Long> out = new HashMap<>();
    for (WorkerView w : admin.listWorkers().workers()) {
      out.put(w.name(), w.score());
    }
    return out;
  }

  private static Map<String, String> names(GridClient admin) {
    Map<String, String> out = new HashMap<>();
    for (WorkerView w : admin.listWorkers().workers()) {
      out.put(w.id(), w.name());
    }
    return out;
  }

  private static long minScore(GridClient admin, List<String> names) throws InterruptedException {
    Thread.sleep(1500); // the last tasks' scores settle right after the job ends
    Map<String, Long> s = scores(admin);
    return names.stream().mapToLong(n -> s.getOrDefault(n, 0L)).min().orElse(0);
  }

  private static Map<String, Long> awaitScoresSettled(GridClient admin, Map<String, Long> before) throws InterruptedException {
    Map<String, Long> now = scores(admin);
    for (int i = 0; i < 40 && SABOTEURS.stream().anyMatch(w -> now.get(w) >= before.get(w)); i++) {
      Thread.sleep(250);
      now.putAll(scores(admin));
    }
    return now;
  }

  private static AccountList awaitUnlocked(GridClient admin) throws InterruptedException {
    AccountList a = admin.listAccounts();
    for (int i = 0; i < 80 && a.accounts().stream().anyMatch(x -> x.locked() != 0 || x.account().startsWith("task:")); i++) {
      Thread.sleep(250);
      a = admin.listAccounts();
    }
    return a;
  }

  private static long balance(AccountList a, String account) {
    return a.accounts().stream().filter(x -> x.account().equals(account)).mapToLong(AccountView::balance).findFirst().orElse(0);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
