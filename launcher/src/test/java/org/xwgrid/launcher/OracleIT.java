package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.utils.Numeric;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.WorkerView;
import org.xwgrid.oracle.bridge.DealTerms;
import org.xwgrid.oracle.chain.DatasetOrder;
import org.xwgrid.oracle.chain.HubService;
import org.xwgrid.oracle.chain.TestingChain;
import org.xwgrid.oracle.contracts.XwHub;

/**
 * The chain bridge end to end on real parts: anvil with the hub deployed, a dispatcher process
 * whose oracle schedules a workerpool, worker processes with keys of their own and no ether. A
 * requester buys tasks on chain; the grid runs them under PoCo; the oracle relays the workers'
 * signed contributions and reveals and finalizes; the requester reads the results from the
 * locations the hub publishes; every token is accounted for.
 */
class OracleIT {
  private static final long APP_PRICE = 3;
  private static final long POOL_PRICE = 20;
  private static final BigInteger WORKER_STAKE = BigInteger.valueOf(100);
  private static final Duration DEAL_TIMEOUT = Duration.ofMinutes(2);

  @Test
  void shouldRunADealOnTheGridAndSettleItOnChainToTheToken(@TempDir Path dir) throws Exception {
    try (TestingChain chain = TestingChain.start();
        LocalGrid grid = oracleGrid(chain, dir)) {
      GridClient admin = grid.admin();
      GridFixture.scriptApp(admin, dir, "stamp", "printf 'certified\\n' > \"$XW_OUTPUT_DIR/stamp.txt\"");
      String app = chain.appOwner.createApp("stamp", "NATIVE", new byte[0], Numeric.toHexString(new byte[32]));
      List<String> workers = startWorkers(grid, chain, 4);

      TestingChain.Snapshot before = chain.snapshot();
      int volume = 4;
      HubService.Deal deal = chain.match(
          chain.appOrder(app, APP_PRICE, 100),
          DatasetOrder.none(),
          chain.workerpoolOrder(pool(grid), POOL_PRICE, 100, 0, 4),
          chain.requestOrder(app, APP_PRICE, pool(grid), POOL_PRICE, volume, 0, 4, "{\"label\":\"t{index}\"}"));
      List<XwHub.Task> tasks = awaitDeal(chain, grid, deal.dealId(), volume);

      // the requester reads every result where the hub says it is, and checks it
      int winners = 0;
      for (int i = 0; i < volume; i++) {
        XwHub.Task t = tasks.get(i);
        JsonNode results = Json.mapper().readTree(new String(t.results, StandardCharsets.UTF_8));
        byte[] zip = get(results.get("location").asText());
        assertEquals(results.get("sha256").asText(), Hashes.sha256Hex(zip), "the published sha256");
        assertEquals(Numeric.toHexString(t.resultDigest), results.get("digest").asText(), "the revealed digest");
        Map<String, String> files = unzip(zip);
        assertEquals("certified\n", files.get("stamp.txt"), files.toString());
        assertEquals("--label=t" + i + "\n", files.get("args.txt"), "the request's params are the task's arguments");
        assertTrue(t.winnerCounter.intValueExact() >= 2, "replicated: " + t.winnerCounter);
        assertEquals(t.winnerCounter, t.revealCounter, "every winner revealed, relayed by the oracle");
        winners += t.winnerCounter.intValueExact();
      }
      JobView job = admin.getJob(DealTerms.jobId(deal.dealId()));
      assertEquals("COMPLETED", job.state(), job.toString());
      // only a deal's results are public: a grid job's stay its owner's
      JobView plain = admin.submitJob(new org.xwgrid.common.api.ClientApi.JobRequest("stamp", "plain", 1, null, null, null, 60L, null, null));
      GridFixture.awaitFinished(admin, plain.id(), Duration.ofSeconds(60));
      assertEquals(401, status(grid.url() + "/api/v1/jobs/" + plain.id() + "/tasks/0/result"), "with a token only");
      assertEquals(404, status(grid.url() + "/api/v1/chain/jobs/" + plain.id() + "/tasks/0/result"));

      // tokens: none made or lost, nothing left locked, everyone paid as POCO.md says
      TestingChain.Snapshot after = chain.snapshot();
      TestingChain.assertBalanced(before, after);
      long paid = (APP_PRICE + POOL_PRICE) * volume;
      assertEquals(-paid, after.stakeDelta(before, chain.requester.address()), "the requester paid the deal");
      assertEquals(APP_PRICE * volume, after.stakeDelta(before, chain.appOwner.address()), "the app owner got its price");
      long workersGot = 0;
      long scores = 0;
      for (String w : workers) {
        assertEquals(0, after.of(w).locked().signum(), "no stake left locked for " + w);
        long got = after.stakeDelta(before, w);
        assertTrue(got >= 0, w + " lost nothing: " + got);
        workersGot += got;
        scores += chain.score(w);
      }
      assertEquals(winners, scores, "each winning contribution scored on chain");
      long poolGot = after.stakeDelta(before, chain.scheduler.address());
      long kittyGot = after.stakeDelta(before, TestingChain.KITTY);
      assertEquals(POOL_PRICE * volume, workersGot + poolGot + kittyGot, "the pool's price went to its workers and itself");
      assertTrue(poolGot > 0, "the scheduler's share: " + poolGot);
      assertEquals(0, after.of(chain.requester.address()).locked().signum(), "nothing of the requester left locked");
      assertOracleSentEachIntentOnce(chain, grid);
    }
  }

  @Test
  void shouldSeizeTheStakeAndCutTheScoreOfAColludingSaboteur(@TempDir Path dir) throws Exception {
    try (TestingChain chain = TestingChain.start();
        LocalGrid grid = oracleGrid(chain, dir)) {
      GridClient admin = grid.admin();
      GridFixture.scriptApp(admin, dir, "stamp", "printf 'certified\\n' > \"$XW_OUTPUT_DIR/stamp.txt\"");
      String app = chain.appOwner.createApp("stamp", "NATIVE", new byte[0], Numeric.toHexString(new byte[32]));
      String pool = pool(grid);

      // the future saboteur first earns a little reputation on chain, honestly: alone, it contributes to both tasks
      Process first = grid.startWorker("s", 2); // a contributed replica holds its slot until the reveal
      String saboteur = enrol(grid, chain, "s");
      HubService.Deal warmup = chain.match(chain.appOrder(app, APP_PRICE, 100), DatasetOrder.none(),
          chain.workerpoolOrder(pool, POOL_PRICE, 100, 0, 4),
          chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 2, 0, 4, "{\"label\":\"w{index}\"}"));
      awaitContributed(chain, warmup.dealId(), 2, saboteur);
      for (int i = 0; i < 5; i++) {
        grid.startWorker("h" + i, 1);
        enrol(grid, chain, "h" + i);
      }
      awaitDeal(chain, grid, warmup.dealId(), 2);
      long earned = chain.score(saboteur);
      assertEquals(2, earned, "two replicated wins");

      // now it colludes, among the five honest workers: 3 tasks, each wanting 2 replicas first, so it gets one
      first.destroy();
      assertTrue(first.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
      grid.startWorker("s", 1, "--testing-saboteur=collude");
      awaitRegisteredAgain(grid, "s");
      Thread.sleep(2_000); // asking for work with the others
      TestingChain.Snapshot before = chain.snapshot();
      int volume = 3;
      HubService.Deal deal = chain.match(chain.appOrder(app, APP_PRICE, 100), DatasetOrder.none(),
          chain.workerpoolOrder(pool, POOL_PRICE, 100, 0, 4),
          chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, volume, 0, 4, "{\"label\":\"x{index}\"}"));
      List<XwHub.Task> tasks = awaitDeal(chain, grid, deal.dealId(), volume);

      int lost = 0;
      for (int i = 0; i < volume; i++) {
        XwHub.Task task = tasks.get(i);
        String taskId = HubService.taskId(deal.dealId(), i);
        assertEquals("certified\n", unzip(get(Json.mapper().readTree(new String(task.results, StandardCharsets.UTF_8))
            .get("location").asText())).get("stamp.txt"), "the honest result was finalized");
        if (task.contributors.stream().anyMatch(saboteur::equalsIgnoreCase)) {
          lost++;
          XwHub.Contribution wrong = HubService.call(chain.hub().viewContribution(Numeric.hexStringToByteArray(taskId), saboteur));
          assertTrue(!java.util.Arrays.equals(wrong.resultHash, task.consensusValue), "its contribution lost");
          assertTrue(faulty(chain, taskId).contains(saboteur), "FaultyContribution for the saboteur");
        }
      }
      assertTrue(lost > 0, "the saboteur contributed (and lost)");
      TestingChain.Snapshot after = chain.snapshot();
      TestingChain.assertBalanced(before, after);
      assertEquals(-POOL_PRICE * 30 / 100 * lost, after.stakeDelta(before, saboteur), "its stake (30 % of the pool's price) seized");
      assertEquals(0, after.of(saboteur).locked().signum());
      assertTrue(chain.score(saboteur) < earned, "its score cut: " + chain.score(saboteur));
      assertOracleSentEachIntentOnce(chain, grid);
    }
  }

  private static void awaitRegisteredAgain(LocalGrid grid, String name) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      if (grid.admin().listWorkers().workers().stream()
          .anyMatch(w -> name.equals(w.name()) && "ACTIVE".equals(w.status()) && w.history().size() >= 2)) {
        return;
      }
      Thread.sleep(200);
    }
    fail(name + " did not come back");
  }

  /** The worker {@code name}'s address once it registered; its stake lent on chain (not by the oracle's key). */
  private static String enrol(LocalGrid grid, TestingChain chain, String name) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      var w = grid.admin().listWorkers().workers().stream().filter(x -> name.equals(x.name()) && x.address() != null).findFirst();
      if (w.isPresent()) {
        chain.track(w.get().address());
        chain.fundedWorker.depositFor(WORKER_STAKE, w.get().address()); // not the scheduler: its key is the oracle's alone now
        return w.get().address().toLowerCase(java.util.Locale.ROOT);
      }
      Thread.sleep(200);
    }
    return fail("worker " + name + " did not register");
  }

  /** Waits until {@code worker}'s contribution to each of the deal's first {@code n} tasks is on the hub. */
  private static void awaitContributed(TestingChain chain, String dealId, int n, String worker) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < end) {
      boolean all = true;
      for (int i = 0; i < n; i++) {
        all &= chain.task(HubService.taskId(dealId, i)).contributors.stream().anyMatch(worker::equalsIgnoreCase);
      }
      if (all) {
        return;
      }
      Thread.sleep(300);
    }
    fail(worker + " did not contribute to the " + n + " task(s) of " + dealId);
  }

  /** The workers the hub found faulty on {@code taskId} (its FaultyContribution events). */
  private static List<String> faulty(TestingChain chain, String taskId) throws Exception {
    org.web3j.protocol.core.methods.request.EthFilter filter = new org.web3j.protocol.core.methods.request.EthFilter(
        org.web3j.protocol.core.DefaultBlockParameterName.EARLIEST, org.web3j.protocol.core.DefaultBlockParameterName.LATEST,
        chain.deployment.hub());
    filter.addSingleTopic(org.web3j.abi.EventEncoder.encode(XwHub.FAULTYCONTRIBUTION_EVENT));
    List<String> out = new ArrayList<>();
    for (var r : chain.anvil.web3j().ethGetLogs(filter).send().getLogs()) {
      org.web3j.protocol.core.methods.response.Log log = (org.web3j.protocol.core.methods.response.Log) r.get();
      if (log.getTopics().get(2).equalsIgnoreCase(taskId)) {
        out.add("0x" + log.getTopics().get(1).substring(26).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return out;
  }

  @Test
  void shouldNeitherDuplicateNorLoseAnythingWhenTheOracleIsKilled(@TempDir Path dir) throws Exception {
    try (TestingChain chain = TestingChain.start();
        LocalGrid grid = oracleGrid(chain, dir, "-Dxwgrid.oracle.max-range=4")) {
      GridClient admin = grid.admin();
      GridFixture.scriptApp(admin, dir, "stamp", "printf 'certified\\n' > \"$XW_OUTPUT_DIR/stamp.txt\"");
      String app = chain.appOwner.createApp("stamp", "NATIVE", new byte[0], Numeric.toHexString(new byte[32]));
      startWorkers(grid, chain, 2);
      String pool = pool(grid);

      // 1. killed between sending a transaction and reading its receipt: the chain holds it unmined
      HubService.Deal first = chain.match(chain.appOrder(app, APP_PRICE, 100), DatasetOrder.none(),
          chain.workerpoolOrder(pool, POOL_PRICE, 100, 0, 1),
          chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 2, 0, 1, "{\"label\":\"a{index}\"}"));
      chain.anvil.automine(false);
      awaitPending(chain);
      grid.killDispatcher();
      chain.anvil.mine(); // what was sent gets mined while the oracle is down
      chain.anvil.automine(true);
      grid.startDispatcher();

      // 2. killed while catching up on logs: a deal and many blocks came while it was down
      awaitOracleLog(grid, "initialize:" + HubService.taskId(first.dealId(), 1) + " mined");
      grid.killDispatcher();
      HubService.Deal second = chain.match(chain.appOrder(app, APP_PRICE, 100), DatasetOrder.none(),
          chain.workerpoolOrder(pool, POOL_PRICE, 100, 0, 1),
          chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 2, 0, 1, "{\"label\":\"b{index}\"}"));
      chain.anvil.mine(120);
      grid.startDispatcher();
      Thread.sleep(1_500); // some ranges of 4 blocks read, not all 120
      grid.killDispatcher();
      grid.startDispatcher();

      awaitDeal(chain, grid, first.dealId(), 2);
      awaitDeal(chain, grid, second.dealId(), 2);
      String log = Files.readString(grid.dir().resolve("dispatcher.log")); // every run of the dispatcher
      for (HubService.Deal d : List.of(first, second)) {
        assertEquals(1, count(log, "Oracle: deal " + d.dealId() + " runs as grid job"), "the deal's notice was processed once");
        assertEquals("COMPLETED", admin.getJob(DealTerms.jobId(d.dealId())).state());
      }
      assertOracleSentEachIntentOnce(chain, grid);
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /** Waits until the oracle has a transaction in the node's pool, not mined. */
  private static void awaitPending(TestingChain chain) throws Exception {
    String oracle = chain.scheduler.address();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      BigInteger pending = chain.anvil.web3j()
          .ethGetTransactionCount(oracle, org.web3j.protocol.core.DefaultBlockParameterName.PENDING).send().getTransactionCount();
      BigInteger mined = chain.anvil.web3j()
          .ethGetTransactionCount(oracle, org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getTransactionCount();
      if (pending.compareTo(mined) > 0) {
        return;
      }
      Thread.sleep(100);
    }
    fail("the oracle sent nothing");
  }

  private static void awaitOracleLog(LocalGrid grid, String line) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      if (Files.readString(grid.dir().resolve("dispatcher.log")).contains(line)) {
        return;
      }
      Thread.sleep(200);
    }
    fail("the dispatcher log never said: " + line);
  }

  // ---- the parts ----------------------------------------------------------------------------

  /** A dispatcher whose oracle schedules a new workerpool of the chain's scheduler. */
  static LocalGrid oracleGrid(TestingChain chain, Path dir, String... moreOptions) throws Exception {
    String pool = chain.scheduler.createWorkerpool("the lab's pool");
    HubService.Deployment d = chain.deployment;
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("chainId", chain.anvil.chainId());
    file.put("token", d.token());
    file.put("appRegistry", d.appRegistry());
    file.put("datasetRegistry", d.datasetRegistry());
    file.put("workerpoolRegistry", d.workerpoolRegistry());
    file.put("hub", d.hub());
    Path deployment = dir.resolve("chain.json");
    Json.mapper().writeValue(deployment.toFile(), file);
    String key = Numeric.toHexStringWithPrefixZeroPadded(chain.scheduler.credentials().getEcKeyPair().getPrivateKey(), 64);
    Files.writeString(dir.resolve("pool"), pool);
    List<String> options = new ArrayList<>(List.of(
        "-Dpekko.cluster.roles.0=dispatcher",
        "-Dpekko.cluster.roles.1=oracle",
        "-Dxwgrid.oracle.enabled=true",
        "-Dxwgrid.oracle.rpc=" + chain.anvil.url(),
        "-Dxwgrid.oracle.deployment=" + deployment,
        "-Dxwgrid.oracle.workerpool=" + pool,
        "-Dxwgrid.oracle.confirmations=0",
        "-Dxwgrid.oracle.poll=300ms",
        "-Dxwgrid.dispatcher.workers.heartbeat-interval=1s",
        "-Dxwgrid.dispatcher.workers.heartbeat-timeout=8s"));
    options.addAll(List.of(moreOptions));
    return LocalGrid.start(dir.resolve("grid"), Map.of("XW_CHAIN_KEY", key), options.toArray(String[]::new));
  }

  static String pool(LocalGrid grid) throws java.io.IOException {
    return Files.readString(grid.dir().getParent().resolve("pool")).trim();
  }

  /** Starts {@code n} workers, waits for their addresses, and stakes for each on chain (they hold no ether). */
  static List<String> startWorkers(LocalGrid grid, TestingChain chain, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      grid.startWorker("w" + i, 1);
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String a = enrol(grid, chain, "w" + i);
      assertEquals(0, chain.anvil.web3j().ethGetBalance(a, org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send()
          .getBalance().signum(), "a volunteer needs no ether");
      addresses.add(a);
    }
    return addresses;
  }

  /** Waits until every task of the deal is COMPLETED on chain (status 3), failing on FAILED (4). */
  static List<XwHub.Task> awaitDeal(TestingChain chain, LocalGrid grid, String dealId, int volume) throws Exception {
    long end = System.nanoTime() + DEAL_TIMEOUT.toNanos();
    List<XwHub.Task> tasks = new ArrayList<>();
    while (System.nanoTime() < end) {
      tasks = new ArrayList<>();
      for (int i = 0; i < volume; i++) {
        tasks.add(chain.task(HubService.taskId(dealId, i)));
      }
      if (tasks.stream().allMatch(t -> t.status.intValueExact() == 3)) {
        return tasks;
      }
      if (tasks.stream().anyMatch(t -> t.status.intValueExact() == 4)) {
        break;
      }
      Thread.sleep(500);
    }
    StringBuilder why = new StringBuilder();
    for (XwHub.Task t : tasks) {
      why.append(String.format("%n  status %s, contributors %s, reveals %s/%s", t.status, t.contributors, t.revealCounter, t.winnerCounter));
    }
    Files.copy(grid.dir().resolve("dispatcher.log"), Path.of("target", "OracleIT-dispatcher.log"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING); // kept for the report
    List<String> log = Files.readAllLines(grid.dir().resolve("dispatcher.log")).stream()
        .filter(l -> l.contains("Oracle") || l.contains("WARN") || l.contains("ERROR") || l.contains("oracle")).toList();
    try {
      String jobId = DealTerms.jobId(dealId);
      why.append("\n").append(Json.mapper().writeValueAsString(grid.admin().listAllTasks(jobId)));
      why.append("\n").append(Json.mapper().writeValueAsString(grid.admin().listWorkers()));
    } catch (RuntimeException e) {
      why.append("\n(no grid job: ").append(e.getMessage()).append(")");
    }
    return fail("the deal did not complete within " + DEAL_TIMEOUT + ":" + why + "\n" + String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())));
  }

  /**
   * Every call the oracle (the scheduler's key) made took effect once: no two successful
   * transactions carry the same call (a reverted one may be tried again, and is counted apart).
   */
  static void assertOracleSentEachIntentOnce(TestingChain chain, LocalGrid grid) throws Exception {
    String oracle = chain.scheduler.address();
    long head = chain.anvil.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    Set<String> calls = new HashSet<>();
    int sent = 0;
    int reverted = 0;
    for (long b = 0; b <= head; b++) {
      EthBlock.Block block = chain.anvil.web3j()
          .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(b)), true).send().getBlock();
      for (EthBlock.TransactionResult<?> r : block.getTransactions()) {
        EthBlock.TransactionObject tx = (EthBlock.TransactionObject) r.get();
        if (!tx.getFrom().equalsIgnoreCase(oracle) || !chain.deployment.hub().equalsIgnoreCase(tx.getTo())) {
          continue;
        }
        sent++;
        if (!chain.anvil.web3j().ethGetTransactionReceipt(tx.getHash()).send().getTransactionReceipt().orElseThrow().isStatusOK()) {
          reverted++;
          continue;
        }
        assertTrue(calls.add(tx.getInput()), "the same call took effect twice: " + tx.getInput().substring(0, 10));
      }
    }
    assertTrue(sent > 0, "the oracle sent transactions");
    assertTrue(reverted * 10 <= sent, reverted + " of " + sent + " transactions reverted");
  }

  /** The status of a GET without a token (401 where one is needed). */
  static int status(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static byte[] get(String url) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), "GET " + url + " without a token");
    return r.body();
  }

  static Map<String, String> unzip(byte[] zip) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return files;
  }
}
