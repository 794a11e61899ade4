package org.xwgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.WorkerView;
import org.xwgrid.oracle.chain.AppOrder;
import org.xwgrid.oracle.chain.Anvil;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.chain.HubService;
import org.xwgrid.oracle.chain.WorkerpoolOrder;
import org.xwgrid.oracle.cli.ChainCommand.DeploymentFile;
import org.xwgrid.oracle.contracts.XwHub;
import org.xwgrid.oracle.market.MarketService;
import org.xwgrid.oracle.market.Orderbook;
import org.xwgrid.oracle.market.OrderbookFile;
import org.xwgrid.oracle.market.TaskResults;

/**
 * {@code xw demo --chain}: a local anvil chain with the hub deployed, a grid whose oracle
 * schedules a workerpool, the vanitygen app registered on both, and a requester who buys a deal
 * of 4 tasks at trust 4. Prints the deal id, each task's finalize transaction and everyone's
 * tokens (wallet + escrow) before and after, which add up to the token.
 */
final class ChainDemo {
  static final long APP_PRICE = 5;
  static final long POOL_PRICE = 20;
  static final int VOLUME = 4;
  static final int TRUST = 4;
  private static final BigInteger MINT = BigInteger.valueOf(10_000);
  private static final BigInteger DEPOSIT = BigInteger.valueOf(1_000);
  private static final BigInteger STAKE = BigInteger.valueOf(100);

  private final PrintStream out;
  private final Path home;
  private final Map<String, String> names = new LinkedHashMap<>();

  ChainDemo(PrintStream out, Path home) {
    this.out = out;
    this.home = home;
  }

  int run(int workers, String pattern, long maxKeys) throws Exception {
    Path bin = LocalGrid.root().resolve("oracle").resolve("node_modules").resolve(".bin").resolve("anvil");
    try (Anvil anvil = Anvil.start(Files.isExecutable(bin) ? bin : Anvil.defaultBinary())) {
      Web3j web3j = anvil.web3j();
      long chainId = anvil.chainId();
      out.println("anvil (chain " + chainId + ") at " + anvil.url());
      HubService.Deployment d = HubService.deploy(web3j, Anvil.account(0), chainId, "xwgrid token", "XWT");
      Path deploymentFile = home.resolve("chain.json");
      Json.mapper().writeValue(deploymentFile.toFile(),
          new DeploymentFile(chainId, d.token(), d.appRegistry(), d.datasetRegistry(), d.workerpoolRegistry(), d.hub()));
      out.println("hub deployed at " + d.hub() + " (addresses in " + deploymentFile + ")");
      HubService deployer = party(web3j, chainId, d, Anvil.account(0), "sponsor");
      HubService requester = party(web3j, chainId, d, Anvil.account(1), "requester");
      HubService appOwner = party(web3j, chainId, d, Anvil.account(2), "app owner");
      HubService pool = party(web3j, chainId, d, Anvil.account(3), "pool (oracle)");
      names.put(HubService.KITTY, "reward kitty");
      for (HubService p : List.of(deployer, requester, appOwner, pool)) {
        deployer.send("mint", deployer.token(), deployer.token().mint(p.address(), MINT));
      }
      requester.deposit(DEPOSIT);
      OrderbookFile book = new OrderbookFile(home.resolve("orderbook.json"), chainId, d.hub());

      // the pool manager: its stake, a workerpool and its order, before the oracle takes the key over
      pool.deposit(DEPOSIT);
      String workerpool = pool.createWorkerpool("xwgrid demo pool");
      new MarketService(pool, book, Clock.systemUTC()).publish(new WorkerpoolOrder(workerpool, BigInteger.valueOf(POOL_PRICE),
          BigInteger.valueOf(100), ChainValues.ZERO_BYTES32, BigInteger.ZERO, BigInteger.valueOf(TRUST), ChainValues.ZERO_ADDRESS,
          ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS, MarketService.salt(), "0x"));
      out.println("workerpool " + workerpool + " offers category 0 (XS) at trust " + TRUST + " for " + POOL_PRICE + " per task");

      String key = Numeric.toHexStringWithPrefixZeroPadded(pool.credentials().getEcKeyPair().getPrivateKey(), 64);
      try (LocalGrid grid = LocalGrid.start(home.resolve("grid"), Map.of("XW_CHAIN_KEY", key),
          "-Dpekko.cluster.roles.0=dispatcher", "-Dpekko.cluster.roles.1=oracle",
          "-Dxwgrid.oracle.enabled=true", "-Dxwgrid.oracle.rpc=" + anvil.url(),
          "-Dxwgrid.oracle.deployment=" + deploymentFile, "-Dxwgrid.oracle.workerpool=" + workerpool,
          "-Dxwgrid.oracle.confirmations=0", "-Dxwgrid.oracle.poll=500ms")) {
        GridClient admin = grid.admin();
        out.println("grid dispatcher with its oracle on " + grid.url() + " (logs in " + grid.dir() + ")");
        AppView app = admin.registerAppFolder(LocalGrid.root().resolve("sample-apps").resolve("vanitygen"));
        String chainApp = appOwner.createApp(app.name(), "NATIVE", grid.url().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "0x" + app.archive().sha256());
        new MarketService(appOwner, book, Clock.systemUTC()).publish(new AppOrder(chainApp, BigInteger.valueOf(APP_PRICE),
            BigInteger.valueOf(100), ChainValues.ZERO_BYTES32, ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS,
            ChainValues.ZERO_ADDRESS, MarketService.salt(), "0x"));
        out.println("app vanitygen registered on the grid and on chain as " + chainApp + ", " + APP_PRICE + " per task");
        List<String> addresses = startWorkers(grid, workers);
        for (int i = 0; i < addresses.size(); i++) {
          names.put(addresses.get(i), "worker-" + (i + 1));
          deployer.depositFor(STAKE, addresses.get(i)); // volunteers hold no ether; their stake is lent by the pool's sponsor
        }

        Map<String, BigInteger[]> before = balances(deployer);
        printBalances("before", before, null);
        String params = "{\"pattern\":\"" + pattern + "\",\"seed\":\"chain-{index}\",\"max-keys\":\"" + maxKeys + "\"}";
        long t0 = System.nanoTime();
        MarketService.Bought bought = new MarketService(requester, book, Clock.systemUTC()).buy(new Orderbook.Demand(
            chainApp, requester.address(), BigInteger.ZERO, BigInteger.valueOf(TRUST), ChainValues.ZERO_BYTES32,
            BigInteger.valueOf(VOLUME), workerpool, null), params);
        String dealId = bought.deal().dealId();
        out.println("deal " + dealId + ": " + VOLUME + " tasks at trust " + TRUST + ", params " + params);
        List<XwHub.Task> tasks = awaitCompleted(deployer, dealId);
        double seconds = (System.nanoTime() - t0) / 1e9;

        Map<String, String> finalizeTx = finalizeTransactions(web3j, d.hub());
        Path results = home.resolve("results");
        for (int i = 0; i < VOLUME; i++) {
          String taskId = HubService.taskId(dealId, i);
          XwHub.Task t = tasks.get(i);
          Path dir = results.resolve(Integer.toString(i));
          TaskResults.parse(t.results).download(dir);
          JsonNode r = Json.mapper().readTree(dir.resolve("result.json").toFile());
          out.printf("task %d %s: finalized in tx %s by %d of %d contributors; %s%n", i, taskId.substring(0, 10) + "…",
              finalizeTx.get(taskId), t.winnerCounter, t.contributors.size(),
              r.path("found").asBoolean() ? "found " + r.get("address").asText() : "no " + pattern + " address in " + maxKeys + " keys");
        }
        out.printf("deal to last finalize: %.1f s; results in %s/<task>/%n", seconds, results);
        Map<String, BigInteger[]> after = balances(deployer);
        printBalances("after", after, before);
        BigInteger sumBefore = total(before);
        BigInteger sumAfter = total(after);
        out.println(sumBefore.equals(sumAfter)
            ? "the balances add up: " + sumAfter + " tokens before and after"
            : "THE BALANCES DO NOT ADD UP: " + sumBefore + " before, " + sumAfter + " after");
        return sumBefore.equals(sumAfter) ? 0 : 1;
      }
    }
  }

  private HubService party(Web3j web3j, long chainId, HubService.Deployment d, Credentials who, String name) {
    names.put(who.getAddress().toLowerCase(java.util.Locale.ROOT), name);
    return new HubService(web3j, who, chainId, d);
  }

  private List<String> startWorkers(LocalGrid grid, int n) throws Exception {
    for (int i = 1; i <= n; i++) {
      grid.startWorker("worker-" + i, 1);
    }
    GridClient admin = grid.admin();
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < end) {
      List<String> a = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        String name = "worker-" + i;
        admin.listWorkers().workers().stream().filter(w -> name.equals(w.name()) && w.address() != null)
            .map(WorkerView::address).findFirst().ifPresent(a::add);
      }
      if (a.size() == n) {
        out.println(n + " workers joined, each with a key of its own and no ether");
        return a;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the workers did not register within 90 s; see " + grid.dir());
  }

  private List<XwHub.Task> awaitCompleted(HubService hub, String dealId) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      List<XwHub.Task> tasks = new ArrayList<>();
      StringBuilder line = new StringBuilder("tasks on chain:");
      for (int i = 0; i < VOLUME; i++) {
        XwHub.Task t = HubService.call(hub.hub().viewTask(Numeric.hexStringToByteArray(HubService.taskId(dealId, i))));
        tasks.add(t);
        line.append(' ').append(STATUS[t.status.intValueExact()]);
      }
      if (!line.toString().equals(last)) {
        out.println(line);
        last = line.toString();
      }
      if (tasks.stream().allMatch(t -> t.status.intValueExact() >= 3)) {
        return tasks;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the deal did not complete within 10 minutes");
  }

  private static final String[] STATUS = {"UNSET", "ACTIVE", "REVEALING", "COMPLETED", "FAILED"};

  /** Task id → the transaction that finalized it, from the hub's TaskFinalize logs. */
  private static Map<String, String> finalizeTransactions(Web3j web3j, String hub) throws java.io.IOException {
    EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, hub);
    filter.addSingleTopic(EventEncoder.encode(XwHub.TASKFINALIZE_EVENT));
    Map<String, String> txs = new LinkedHashMap<>();
    for (EthLog.LogResult<?> r : web3j.ethGetLogs(filter).send().getLogs()) {
      Log log = (Log) r.get();
      txs.put(log.getTopics().get(1), log.getTransactionHash());
    }
    return txs;
  }

  /** Every party's wallet and escrow (free, locked). */
  private Map<String, BigInteger[]> balances(HubService reader) {
    Map<String, BigInteger[]> b = new LinkedHashMap<>();
    for (String a : names.keySet()) {
      XwHub.Account escrow = reader.account(a);
      BigInteger wallet = HubService.call(reader.token().balanceOf(a));
      b.put(a, new BigInteger[] {wallet, escrow.stake, escrow.locked});
    }
    return b;
  }

  private void printBalances(String when, Map<String, BigInteger[]> now, Map<String, BigInteger[]> before) {
    out.println("balances " + when + " (tokens: wallet + escrow free + escrow locked" + (before == null ? "" : ", change") + "):");
    now.forEach((a, b) -> {
      BigInteger sum = b[0].add(b[1]).add(b[2]);
      String change = "";
      if (before != null) {
        BigInteger[] x = before.get(a);
        BigInteger delta = sum.subtract(x[0].add(x[1]).add(x[2]));
        change = String.format("  %+d", delta);
      }
      out.printf("  %-16s %s  %6s + %5s + %3s%s%n", names.get(a), a, b[0], b[1], b[2], change);
    });
  }

  private static BigInteger total(Map<String, BigInteger[]> b) {
    return b.values().stream().map(x -> x[0].add(x[1]).add(x[2])).reduce(BigInteger.ZERO, BigInteger::add);
  }
}
