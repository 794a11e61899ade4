package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.Zips;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.oracle.chain.Anvil;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.chain.Eip712;
import org.xwgrid.oracle.chain.HubService;
import org.xwgrid.oracle.cli.ChainCommand;
import org.xwgrid.oracle.contracts.XwHub;
import org.xwgrid.oracle.market.TaskResults;

/**
 * {@code xw chain ...} as processes against a real anvil: deploy and wallet (the key only from the
 * environment, the deployment file written and read, escrow balances moved, refusals named with
 * nothing moved); then the marketplace: orders published by their owners, a requester short of
 * escrow refused with nothing sent, {@code chain run} matching a deal, {@code deal show}, the test
 * playing the pool in process (relayed contributions and reveals, finalize with results served
 * over HTTP) and {@code task show --download} fetching them (a corrupted body refused),
 * {@code run --watch} following a deal to its downloaded results, cancel, and claim.
 */
class ChainCommandIT {
  private static final Duration T = Duration.ofSeconds(120);
  private static final long PERIOD = 10;
  private static final long APP_PRICE = 5;
  private static final long POOL_PRICE = 100;
  private static final long STAKE = POOL_PRICE * 30 / 100;

  @Test
  void shouldDeployAndMoveTokensInAndOutOfTheEscrow(@TempDir Path dir) throws Exception {
    try (Anvil anvil = Anvil.start(Anvil.defaultBinary())) {
      Map<String, String> env = new HashMap<>();
      env.put("XW_CHAIN_RPC", anvil.url());
      env.put("XW_CHAIN_DEPLOYMENT", dir.resolve("chain.json").toString());
      GridFixture.Run noKey = GridFixture.xw(env, T, "chain", "deploy");
      assertEquals(1, noKey.exit(), noKey.err());
      assertTrue(noKey.err().contains("no key"), noKey.err());

      env.put("XW_CHAIN_KEY", Numeric.toHexStringWithPrefixZeroPadded(Anvil.account(0).getEcKeyPair().getPrivateKey(), 64));
      GridFixture.Run deploy = GridFixture.xw(env, T, "chain", "deploy", "--mint", "1000000", "--json");
      assertEquals(0, deploy.exit(), deploy.err());
      JsonNode file = Json.mapper().readTree(Files.readString(dir.resolve("chain.json")));
      assertEquals(anvil.chainId(), file.get("chainId").asLong());
      assertTrue(file.get("hub").asText().matches("0x[0-9a-fA-F]{40}"), file.toString());

      JsonNode in = wallet(env, "deposit", "500");
      assertEquals(500, in.get("stake").asLong());
      assertEquals(1_000_000 - 500, in.get("tokens").asLong());
      JsonNode out = wallet(env, "withdraw", "200");
      assertEquals(300, out.get("stake").asLong());
      assertEquals(1_000_000 - 300, out.get("tokens").asLong());

      GridFixture.Run tooMuch = GridFixture.xw(env, T, "chain", "wallet", "withdraw", "1000000");
      assertEquals(1, tooMuch.exit(), tooMuch.out());
      assertTrue(tooMuch.err().contains("InsufficientFreeBalance"), "the contract's refusal, named: " + tooMuch.err());
      assertEquals(300, wallet(env, "show").get("stake").asLong(), "a refused withdrawal moves nothing");
      String volunteer = Anvil.account(9).getAddress();
      JsonNode lent = wallet(env, "deposit", "40", "--for", volunteer);
      assertEquals(1_000_000 - 340, lent.get("tokens").asLong(), "the lender's wallet paid");
      assertEquals(40, wallet(env, "show", volunteer).get("stake").asLong(), "a worker's stake, lent: it needs no ether");
      GridFixture.Run badFor = GridFixture.xw(env, T, "chain", "wallet", "deposit", "1", "--for", "0x12");
      assertEquals(1, badFor.exit(), badFor.out());
      assertTrue(badFor.err().contains("--for"), badFor.err());

      String sum = "0x" + "ab".repeat(32);
      GridFixture.Run app = GridFixture.xw(env, T, "chain", "app", "register", "vanitygen", "--checksum", sum, "--json");
      assertEquals(0, app.exit(), app.err());
      String appId = Json.mapper().readTree(app.lastLine()).get("app").asText();
      org.xwgrid.oracle.contracts.AppRegistry apps =
          org.xwgrid.oracle.contracts.AppRegistry.load(file.get("appRegistry").asText(), anvil.web3j(), Anvil.account(0), new org.web3j.tx.gas.DefaultGasProvider());
      assertTrue(apps.isRegistered(appId).send(), appId);
      assertEquals(Anvil.account(0).getAddress(), apps.ownerOf(appId).send().toLowerCase());
      GridFixture.Run badSum = GridFixture.xw(env, T, "chain", "app", "register", "vanitygen", "--checksum", "0x12");
      assertEquals(1, badSum.exit(), badSum.out());
      GridFixture.Run pool = GridFixture.xw(env, T, "chain", "workerpool", "register", "lab pool");
      assertEquals(0, pool.exit(), pool.err());
      assertTrue(pool.lastLine().matches("0x[0-9a-f]{40}"), pool.out());

      GridFixture.Run keyOnTheCommandLine = GridFixture.xw(env, T, "chain", "wallet", "show", "--key", env.get("XW_CHAIN_KEY"));
      assertEquals(2, keyOnTheCommandLine.exit(), "no option takes a key: " + keyOnTheCommandLine.err());
    }
  }

  @Test
  void shouldPublishOrdersRunADealDownloadItsResultsCancelAndClaim(@TempDir Path dir) throws Exception {
    try (Anvil anvil = Anvil.start(Anvil.defaultBinary());
        ResultServer server = ResultServer.start()) {
      Market m = Market.deploy(anvil, dir);
      Map<String, String> appOwner = m.env(m.appOwner);
      Map<String, String> poolOwner = m.env(m.poolOwner);
      Map<String, String> requester = m.env(m.requester);

      // the deployer sends the requester tokens, which it deposits
      JsonNode sent = json(xwOk(m.env(Anvil.account(0)), "chain", "wallet", "send", "20000", m.requester.getAddress(), "--json"));
      assertEquals(1_000_000 - 20_000, sent.get("tokens").asLong());
      m.party(m.requester).deposit(BigInteger.valueOf(10_000));

      // owners publish; nobody publishes for what is not theirs
      String appOrder = xwOk(appOwner, "chain", "order", "publish", "app", m.app, "--price", "" + APP_PRICE, "--volume", "10").lastLine();
      assertTrue(appOrder.matches("0x[0-9a-f]{64}"), appOrder);
      GridFixture.Run notMine = GridFixture.xw(poolOwner, T, "chain", "order", "publish", "app", m.app, "--price", "1");
      assertEquals(1, notMine.exit(), notMine.out());
      assertTrue(notMine.err().contains("do not own the app " + m.app), notMine.err());
      String poolOrder = xwOk(poolOwner, "chain", "order", "publish", "workerpool", m.pool, "--price", "" + POOL_PRICE,
          "--volume", "10", "--category", "" + m.category, "--trust", "3").lastLine();
      assertEquals(m.poolOwner.getAddress(), HubService.call(m.deployer.hub().viewPresigned(ChainValues.toBytes(poolOrder))),
          "presigned on chain");
      JsonNode listed = json(xwOk(requester, "chain", "order", "show", "--app", "vanitygen", "--json"));
      assertEquals(1, listed.size(), listed.toString());
      assertEquals(appOrder, listed.get(0).get("hash").asText());
      assertEquals(10, listed.get(0).get("remaining").asLong());

      // a requester without the escrow is refused and sends nothing
      Map<String, String> poor = m.env(m.poor);
      long nonce = nonce(anvil, m.poor.getAddress());
      GridFixture.Run refused = GridFixture.xw(poor, T, "chain", "run", "vanitygen", "--params", "--seed=1",
          "--trust", "3", "--volume", "2", "--category", "" + m.category);
      assertEquals(1, refused.exit(), refused.out());
      assertTrue(refused.err().contains("your escrow has 50 free tokens") && refused.err().contains("need 210"), refused.err());
      assertEquals(nonce, nonce(anvil, m.poor.getAddress()), "nothing sent");
      GridFixture.Run noPool = GridFixture.xw(requester, T, "chain", "run", m.app, "--params", "x", "--trust", "50",
          "--volume", "1", "--category", "" + m.category);
      assertEquals(1, noPool.exit(), noPool.out());
      assertTrue(noPool.err().contains("trust up to 3 < 50"), noPool.err());

      // the requester buys two tasks by the app's name
      String dealId = xwOk(requester, "chain", "run", "vanitygen", "--params", "--seed=1", "--trust", "3",
          "--volume", "2", "--category", "" + m.category).lastLine();
      assertTrue(dealId.matches("0x[0-9a-f]{64}"), dealId);
      JsonNode deal = json(xwOk(requester, "chain", "deal", "show", dealId, "--json"));
      assertEquals(m.app, deal.get("app").get("address").asText());
      assertEquals(APP_PRICE, deal.get("app").get("price").asLong());
      assertEquals(m.pool, deal.get("workerpool").get("address").asText());
      assertEquals(m.poolOwner.getAddress(), deal.get("workerpool").get("owner").asText());
      assertEquals(m.requester.getAddress(), deal.get("requester").asText());
      assertEquals(3, deal.get("trust").asLong());
      assertEquals(m.category, deal.get("category").asLong());
      assertEquals(2, deal.get("volume").asLong());
      assertEquals(0, deal.get("botFirst").asLong());
      assertEquals("--seed=1", deal.get("params").asText());
      assertEquals(List.of("UNSET", "UNSET"), statuses(deal));
      assertEquals(2 * (APP_PRICE + POOL_PRICE), m.deployer.account(m.requester.getAddress()).locked.longValueExact());
      assertEquals(BigInteger.TWO, m.deployer.consumed(appOrder), "the deal took 2 of the app order's 10 tasks");

      // the test plays the pool: task 0 certified and finalized with results served over HTTP, task 1 left hanging
      String task0 = HubService.taskId(dealId, 0);
      String task1 = HubService.taskId(dealId, 1);
      m.scheduler().initialize(dealId, 0);
      m.scheduler().initialize(dealId, 1);
      TaskResults results = m.certify(dealId, 0, server, dir.resolve("output-0"), "vanity address 0x1Lo\n");
      JsonNode shown = json(xwOk(requester, "chain", "deal", "show", dealId, "--json"));
      assertEquals(List.of("COMPLETED", "ACTIVE"), statuses(shown));
      assertEquals(results.location(), shown.get("tasks").get(0).get("results").get("location").asText());

      server.corrupt(true);
      GridFixture.Run corrupted = GridFixture.xw(requester, T, "chain", "task", "show", task0, "--download", dir.resolve("bad").toString());
      assertEquals(1, corrupted.exit(), corrupted.out());
      assertTrue(corrupted.err().contains("their sha256 is"), corrupted.err());
      assertFalse(Files.exists(dir.resolve("bad")), "nothing of a refused download is kept");
      server.corrupt(false);
      JsonNode task = json(xwOk(requester, "chain", "task", "show", task0, "--download", dir.resolve("got").toString(), "--json"));
      assertEquals("COMPLETED", task.get("status").asText());
      assertEquals("vanity address 0x1Lo\n", Files.readString(dir.resolve("got/result.txt")));

      // run --watch follows a one-task deal to its results
      Path watchOut = dir.resolve("watch.out");
      Process watching = m.xwInBackground(requester, watchOut, "chain", "run", m.app, "--params", "--seed=2",
          "--trust", "3", "--volume", "1", "--category", "" + m.category, "--watch", "--interval", "500ms",
          "--timeout", "60s", "-o", dir.resolve("watched").toString());
      try {
        String watchedDeal = firstLine(watchOut, watching);
        m.scheduler().initialize(watchedDeal, 0);
        m.certify(watchedDeal, 0, server, dir.resolve("output-w"), "watched\n");
        assertTrue(watching.waitFor(60, TimeUnit.SECONDS), "the watch ends when its task does");
      } finally {
        watching.destroyForcibly();
      }
      String watchLog = Files.readString(watchOut);
      assertEquals(0, watching.exitValue(), watchLog);
      assertTrue(watchLog.contains(" COMPLETED"), watchLog);
      assertEquals("watched\n", Files.readString(dir.resolve("watched/0/result.txt")));

      // cancel: refused to someone else, done by the owner
      GridFixture.Run othersOrder = GridFixture.xw(requester, T, "chain", "order", "cancel", appOrder);
      assertEquals(1, othersOrder.exit(), othersOrder.out());
      assertTrue(othersOrder.err().contains("NotOrderOwner"), othersOrder.err());
      xwOk(appOwner, "chain", "order", "cancel", appOrder);
      JsonNode cancelled = json(xwOk(requester, "chain", "order", "show", appOrder, "--json"));
      assertEquals("cancelled", cancelled.get("status").asText());
      assertEquals(0, cancelled.get("remaining").asLong());
      assertTrue(cancelled.get("cancelled").asBoolean());

      // claim: refused before the final deadline, a refund after it
      GridFixture.Run early = GridFixture.xw(requester, T, "chain", "task", "claim", task1);
      assertEquals(1, early.exit(), early.out());
      assertTrue(early.err().contains("FinalDeadlineNotPassed"), early.err());
      XwHub.Account before = m.deployer.account(m.requester.getAddress());
      anvil.increaseTime(10 * PERIOD + 1);
      JsonNode claimed = json(xwOk(requester, "chain", "task", "claim", task1, "--json"));
      assertEquals("FAILED", claimed.get("status").asText());
      XwHub.Account after = m.deployer.account(m.requester.getAddress());
      assertEquals(APP_PRICE + POOL_PRICE, after.stake.subtract(before.stake).longValueExact(), "refunded");
      assertEquals(-(APP_PRICE + POOL_PRICE), after.locked.subtract(before.locked).longValueExact());
    }
  }

  private static JsonNode wallet(Map<String, String> env, String... args) throws Exception {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "chain";
    cmd[1] = "wallet";
    System.arraycopy(args, 0, cmd, 2, args.length);
    cmd[cmd.length - 1] = "--json";
    GridFixture.Run r = GridFixture.xw(env, T, cmd);
    assertEquals(0, r.exit(), r.err());
    return Json.mapper().readTree(r.lastLine());
  }
  // ───────────────────────── the marketplace's parties, and the pool the test plays ─────────────────────────

  /** A deployed hub (deployment file in {@code dir}), a test category of {@link #PERIOD} s, an app, a workerpool, funded parties. */
  private static final class Market {
    final Anvil anvil;
    final Path dir;
    final Credentials requester = Anvil.account(1);
    final Credentials appOwner = Anvil.account(2);
    final Credentials poolOwner = Anvil.account(3);
    final Credentials poor = Anvil.account(5);
    final HubService.Deployment deployment;
    final HubService deployer;
    final long category;
    final String app;
    final String pool;

    private Market(Anvil anvil, Path dir, HubService.Deployment d) {
      this.anvil = anvil;
      this.dir = dir;
      this.deployment = d;
      this.deployer = party(Anvil.account(0), d);
      for (Credentials c : List.of(Anvil.account(0), poolOwner)) {
        deployer.send("mint", deployer.token(), deployer.token().mint(c.getAddress(), BigInteger.valueOf(1_000_000)));
      }
      scheduler().deposit(BigInteger.valueOf(10_000));
      deployer.send("mint", deployer.token(), deployer.token().mint(poor.getAddress(), BigInteger.valueOf(50)));
      party(poor, d).deposit(BigInteger.valueOf(50));
      TransactionReceipt created = deployer.send("createCategory", deployer.hub(),
          deployer.hub().createCategory("TEST", "{}", BigInteger.valueOf(PERIOD)));
      this.category = XwHub.getCreateCategoryEvents(created).get(0).catid.longValueExact();
      this.app = party(appOwner, d).createApp("vanitygen", "NATIVE", "xw://apps/vanitygen".getBytes(StandardCharsets.UTF_8),
          "0x" + "ab".repeat(32)).toLowerCase(Locale.ROOT);
      this.pool = scheduler().createWorkerpool("lab pool").toLowerCase(Locale.ROOT);
    }

    /**
     * The pool owner's door to the hub, anew each time: {@code xw} processes send transactions of
     * the same account in between, so a nonce kept from before would be stale.
     */
    HubService scheduler() {
      return party(poolOwner, deployment);
    }

    static Market deploy(Anvil anvil, Path dir) throws IOException {
      HubService.Deployment d = HubService.deploy(anvil.web3j(), Anvil.account(0), anvil.chainId(), "xwgrid credit", "XWC");
      Files.writeString(dir.resolve("chain.json"), Json.mapper().writeValueAsString(new ChainCommand.DeploymentFile(
          anvil.chainId(), d.token(), d.appRegistry(), d.datasetRegistry(), d.workerpoolRegistry(), d.hub())));
      return new Market(anvil, dir, d);
    }

    HubService party(Credentials c) {
      return party(c, deployment);
    }

    private HubService party(Credentials c, HubService.Deployment d) {
      return new HubService(anvil.web3j(), c, anvil.chainId(), d);
    }

    /** The environment of {@code xw} run by {@code who}: its key, the node, the deployment file (the orderbook beside it). */
    Map<String, String> env(Credentials who) {
      Map<String, String> env = new HashMap<>();
      env.put("XW_CHAIN_RPC", anvil.url());
      env.put("XW_CHAIN_DEPLOYMENT", dir.resolve("chain.json").toString());
      env.put("XW_CHAIN_KEY", Numeric.toHexStringWithPrefixZeroPadded(who.getEcKeyPair().getPrivateKey(), 64));
      return env;
    }

    /**
     * Plays the pool for task {@code idx} (initialized) of {@code dealId}: the output folder holds
     * {@code content}; two volunteers without ether commit its digest and reveal it through the
     * scheduler's relay; the zip is served by {@code server}; the scheduler finalizes with its
     * {@link TaskResults}.
     */
    TaskResults certify(String dealId, long idx, ResultServer server, Path output, String content) throws IOException {
      Files.createDirectories(output);
      Files.writeString(output.resolve("result.txt"), content);
      String digest = "0x" + Hashes.folderDigest(output);
      Path zip = output.resolveSibling(output.getFileName() + ".zip");
      Zips.zipFolder(output, zip);
      byte[] bytes = Files.readAllBytes(zip);
      TaskResults results = TaskResults.of(server.serve(bytes), Hashes.sha256Hex(bytes), digest);
      String taskId = HubService.taskId(dealId, idx);
      HubService scheduler = scheduler();
      Eip712 eip712 = scheduler.eip712();
      List<Credentials> workers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Credentials w = Credentials.create(Numeric.toHexString(Hash.sha3((taskId + " worker " + i).getBytes(StandardCharsets.UTF_8))));
        scheduler.depositFor(BigInteger.valueOf(STAKE), w.getAddress());
        ResultCommitment c = ResultCommitment.of(taskId, digest, w.getAddress());
        scheduler.contributeFor(w.getAddress(), taskId, c,
            Eip712.authorization(w.getAddress(), taskId, ChainValues.ZERO_ADDRESS, poolOwner),
            eip712.signContribution(taskId, c.resultHash(), c.resultSeal(), ChainValues.ZERO_ADDRESS, w));
        workers.add(w);
      }
      for (Credentials w : workers) {
        scheduler.revealFor(w.getAddress(), taskId, digest, eip712.signReveal(taskId, digest, w));
      }
      scheduler.finalize(taskId, results.toBytes(), new byte[0]);
      return results;
    }

    /** Starts {@code xw ARGS} as {@code env}'s party; its stdout goes to {@code out}, its stderr beside it. */
    Process xwInBackground(Map<String, String> env, Path out, String... args) throws IOException {
      List<String> cmd = LocalGrid.java(List.of("-Xmx256m"));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
          .redirectError(out.resolveSibling(out.getFileName() + ".err").toFile());
      pb.environment().putAll(env);
      return pb.start();
    }
  }

  /** The pool's result server: serves zips by their sha256 on loopback, or corrupted bodies when told to. */
  private static final class ResultServer implements AutoCloseable {
    private final HttpServer http;
    private final Map<String, byte[]> zips = new ConcurrentHashMap<>();
    private volatile boolean corrupt;

    private ResultServer(HttpServer http) {
      this.http = http;
      http.createContext("/api/v1/chain/results/", exchange -> {
        String path = exchange.getRequestURI().getPath();
        byte[] zip = zips.get(path.substring(path.lastIndexOf('/') + 1));
        if (zip == null) {
          exchange.sendResponseHeaders(404, -1);
        } else {
          byte[] body = zip.clone();
          if (corrupt) {
            body[body.length / 2] ^= 0x55;
          }
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
          }
        }
        exchange.close();
      });
      http.start();
    }

    static ResultServer start() throws IOException {
      return new ResultServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** Serves {@code zip}; returns its location. */
    String serve(byte[] zip) {
      String sha = Hashes.sha256Hex(zip);
      zips.put(sha, zip);
      return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1/chain/results/" + sha;
    }

    void corrupt(boolean on) {
      corrupt = on;
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }

  private static GridFixture.Run xwOk(Map<String, String> env, String... args) throws Exception {
    GridFixture.Run r = GridFixture.xw(env, T, args);
    assertEquals(0, r.exit(), () -> String.join(" ", args) + ": " + r.err());
    return r;
  }

  private static JsonNode json(GridFixture.Run r) throws IOException {
    return Json.mapper().readTree(r.lastLine());
  }

  private static List<String> statuses(JsonNode deal) {
    List<String> s = new ArrayList<>();
    deal.get("tasks").forEach(t -> s.add(t.get("status").asText()));
    return s;
  }

  private static long nonce(Anvil anvil, String address) throws IOException {
    return anvil.web3j().ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send()
        .getTransactionCount().longValueExact();
  }

  /** The first line {@code p} writes to {@code out}, within a minute. */
  private static String firstLine(Path out, Process p) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      String text = Files.readString(out);
      if (text.contains("\n")) {
        return text.substring(0, text.indexOf('\n'));
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new AssertionError("no first line from xw: " + Files.readString(out) + Files.readString(out.resolveSibling(out.getFileName() + ".err")));
  }
}
