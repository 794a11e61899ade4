package org.xwgrid.oracle.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xwgrid.oracle.chain.TestingChain.assertBalanced;
import static org.xwgrid.oracle.chain.TestingChain.assertRefused;
import static org.xwgrid.oracle.chain.TestingChain.digest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import org.xwgrid.common.poco.Poco;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.common.poco.Settlement;
import org.xwgrid.oracle.contracts.XwHub;

/**
 * The hub on a real anvil: deals matched from orders signed in Java, tasks certified by
 * volunteers whose contributions and reveals the scheduler relays (they hold no ether), rewards,
 * stakes and scores exactly as {@code org.xwgrid.common.poco} computes them, every refusal named
 * and harmless, claims past the final deadline, reopen. Prints the gas used per action.
 */
class HubIT {
  private static final long APP_PRICE = 50;
  private static final long POOL_PRICE = 1000;
  private static final long STAKE = POOL_PRICE * 30 / 100;
  private static final int ACTIVE = 1;
  private static final int REVEALING = 2;
  private static final int COMPLETED = 3;
  private static final int FAILED = 4;
  private static final long XS = 0;

  private static TestingChain chain;
  private static String app;
  private static String pool;
  private static long testCategory;
  private static final long TEST_PERIOD = 10;

  @BeforeAll
  static void startChain() {
    chain = TestingChain.start();
    app = chain.appOwner.createApp("vanitygen", "NATIVE",
        "xw://apps/vanitygen".getBytes(StandardCharsets.UTF_8), digest("vanitygen package"));
    pool = chain.scheduler.createWorkerpool("xwgrid test pool");
    TransactionReceipt category = chain.deployer.send("createCategory", chain.hub(),
        chain.hub().createCategory("TEST", "{\"period\":\"10 s\"}", BigInteger.valueOf(TEST_PERIOD)));
    testCategory = XwHub.getCreateCategoryEvents(category).get(0).catid.longValueExact();
  }

  @AfterAll
  static void stopChain() {
    if (chain != null) {
      chain.close();
    }
  }

  // ───────────────────────── the nominal path ─────────────────────────

  @Test
  void shouldCertifyADealWithRelayedVolunteersAndBalanceEveryAccount() {
    List<Credentials> workers = List.of(
        chain.volunteer("nominal-1", BigInteger.valueOf(2 * STAKE)),
        chain.volunteer("nominal-2", BigInteger.valueOf(2 * STAKE)),
        chain.volunteer("nominal-3", BigInteger.valueOf(2 * STAKE)));
    TestingChain.Snapshot before = chain.snapshot();

    RequestOrder request = chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 2, XS, 5, "--pattern=1Lo --seed=s{index}");
    HubService.Deal deal = chain.match(
        chain.appOrder(app, APP_PRICE, 10), DatasetOrder.none(), chain.workerpoolOrder(pool, POOL_PRICE, 10, XS, 10),
        request);

    assertEquals(BigInteger.TWO, deal.volume());
    byte[] packed = new byte[64];
    System.arraycopy(ChainValues.toBytes(chain.eip712.hash(request)), 0, packed, 0, 32);
    assertEquals(Numeric.toHexString(Hash.sha3(packed)), deal.dealId(), "dealid = keccak256(requestHash ‖ 0)");
    XwHub.SchedulerNoticeEventResponse notice = XwHub.getSchedulerNoticeEvents(deal.receipt()).get(0);
    assertEquals(pool, notice.workerpool);
    assertEquals(deal.dealId(), Numeric.toHexString(notice.dealid));
    XwHub.Deal onChain = HubService.call(chain.hub().viewDeal(ChainValues.toBytes(deal.dealId())));
    assertEquals(chain.requester.address(), onChain.requester);
    assertEquals(chain.appOwner.address(), onChain.app.owner);
    assertEquals(chain.scheduler.address(), onChain.workerpool.owner);
    assertEquals(BigInteger.valueOf(5), onChain.trust);
    assertEquals(BigInteger.valueOf(STAKE), onChain.workerStake);
    assertEquals(BigInteger.ONE, onChain.schedulerRewardRatio);
    assertEquals(BigInteger.ZERO, onChain.botFirst);
    assertEquals(BigInteger.TWO, onChain.botSize);
    assertEquals("--pattern=1Lo --seed=s{index}", onChain.params);

    TestingChain.Snapshot matched = chain.snapshot();
    assertEquals(2 * (APP_PRICE + POOL_PRICE), matched.lockedDelta(before, chain.requester.address()));
    assertEquals(2 * STAKE, matched.lockedDelta(before, chain.scheduler.address()), "30 % pool stake per task");

    long expectedKittyShare = 0;
    long kitty = before.of(TestingChain.KITTY).locked().longValueExact();
    for (int idx = 0; idx < 2; idx++) {
      TransactionReceipt init = chain.initialize(deal.dealId(), idx);
      String taskId = HubService.taskId(deal.dealId(), idx);
      assertArrayEquals(ChainValues.toBytes(taskId), XwHub.getTaskInitializeEvents(init).get(0).taskid);
      String output = digest("output of task " + idx);

      chain.contribute(workers.get(0), taskId, output);
      chain.contribute(workers.get(1), taskId, output);
      assertEquals(ACTIVE, chain.task(taskId).status.intValue(), "trust 5: two fresh workers are not enough");
      TransactionReceipt third = chain.contribute(workers.get(2), taskId, output);
      XwHub.TaskConsensusEventResponse consensus = XwHub.getTaskConsensusEvents(third).get(0);
      ResultCommitment commitment = ResultCommitment.of(taskId, output, workers.get(2).getAddress());
      assertEquals(commitment.resultHash(), Numeric.toHexString(consensus.consensus));
      XwHub.Task revealing = chain.task(taskId);
      assertEquals(REVEALING, revealing.status.intValue());
      assertEquals(BigInteger.valueOf(3), revealing.winnerCounter);
      assertEquals(List.of(workers.get(0).getAddress(), workers.get(1).getAddress(), workers.get(2).getAddress()),
          revealing.contributors);

      for (Credentials w : workers) {
        TransactionReceipt revealed = chain.reveal(w, taskId, output);
        assertEquals(w.getAddress(), XwHub.getTaskRevealEvents(revealed).get(0).worker);
      }
      byte[] results = ("xw://results/" + deal.dealId() + "/" + idx + " sha256:" + output).getBytes(StandardCharsets.UTF_8);
      TransactionReceipt finalized = chain.finalize(taskId, results, new byte[0]);
      assertArrayEquals(results, XwHub.getTaskFinalizeEvents(finalized).get(0).results);
      assertEquals(3, XwHub.getAccurateContributionEvents(finalized).size());
      XwHub.Task done = chain.task(taskId);
      assertEquals(COMPLETED, done.status.intValue());
      assertEquals(output, Numeric.toHexString(done.resultDigest));
      assertArrayEquals(results, HubService.call(chain.hub().resultFor(ChainValues.toBytes(taskId))));

      long share = kittyShare(kitty);
      expectedKittyShare += share;
      kitty -= share;
    }

    TestingChain.Snapshot after = chain.snapshot();
    assertBalanced(before, after);
    Map<String, Long> perTask = Settlement.finalized("task", "requester", POOL_PRICE, "scheduler", 1, List.of(
        new Settlement.Contributor("w1", STAKE, Poco.weight(0), true),
        new Settlement.Contributor("w2", STAKE, Poco.weight(0), true),
        new Settlement.Contributor("w3", STAKE, Poco.weight(0), true))).rewards();
    assertEquals(Map.of("w1", 330L, "w2", 330L, "w3", 330L, "scheduler", 10L), perTask);
    assertEquals(-2 * (APP_PRICE + POOL_PRICE), after.stakeDelta(before, chain.requester.address()));
    assertEquals(0, after.lockedDelta(before, chain.requester.address()));
    assertEquals(2 * APP_PRICE, after.stakeDelta(before, chain.appOwner.address()));
    assertEquals(2 * perTask.get("scheduler") + expectedKittyShare, after.stakeDelta(before, chain.scheduler.address()));
    assertEquals(0, after.lockedDelta(before, chain.scheduler.address()));
    for (int i = 0; i < 3; i++) {
      String w = workers.get(i).getAddress();
      assertEquals(2 * perTask.get("w" + (i + 1)), after.stakeDelta(before, w));
      assertEquals(0, after.lockedDelta(before, w));
      assertEquals(2, chain.score(w), "+1 per replicated win");
    }
  }

  @Test
  void shouldPayADirectContributorAloneAtTrustOneWithoutScoring() {
    Credentials worker = chain.fundedWorker.credentials();
    long scoreBefore = chain.score(worker.getAddress());
    TestingChain.Snapshot before = chain.snapshot();
    HubService.Deal deal = chain.match(chain.appOrder(app, APP_PRICE, 1), DatasetOrder.none(),
        chain.workerpoolOrder(pool, POOL_PRICE, 1, XS, 1), chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 1, XS, 1, ""));
    chain.initialize(deal.dealId(), 0);
    String taskId = HubService.taskId(deal.dealId(), 0);
    String output = digest("direct");
    String authorization = Eip712.authorization(worker.getAddress(), taskId, ChainValues.ZERO_ADDRESS,
        chain.scheduler.credentials());
    TransactionReceipt contributed = chain.gas("contribute (worker pays gas)",
        chain.fundedWorker.contribute(taskId, ResultCommitment.of(taskId, output, worker.getAddress()), authorization));
    assertEquals(1, XwHub.getTaskConsensusEvents(contributed).size(), "trust 1: one contribution decides");
    chain.gas("reveal (worker pays gas)", chain.fundedWorker.reveal(taskId, output));
    long kittyShare = kittyShare(before.of(TestingChain.KITTY).locked().longValueExact());
    TransactionReceipt finalized = chain.finalize(taskId, "r".getBytes(StandardCharsets.UTF_8), new byte[0]);
    assertEquals(0, XwHub.getAccurateContributionEvents(finalized).size(), "no score without replication");

    TestingChain.Snapshot after = chain.snapshot();
    assertBalanced(before, after);
    Map<String, Long> rewards = Settlement.finalized("task", "requester", POOL_PRICE, "scheduler", 1,
        List.of(new Settlement.Contributor("w", STAKE, Poco.weight(scoreBefore), true))).rewards();
    assertEquals(rewards.get("w"), after.stakeDelta(before, worker.getAddress()));
    assertEquals(rewards.get("scheduler") + kittyShare, after.stakeDelta(before, chain.scheduler.address()));
    assertEquals(scoreBefore, chain.score(worker.getAddress()));
  }

  // ───────────────────────── sabotage ─────────────────────────

  @Test
  void shouldSeizeColludingContributionsAndCutTheirScores() {
    long trust = 6;
    Credentials c1 = chain.volunteer("colluder-1", BigInteger.valueOf(4 * STAKE));
    Credentials c2 = chain.volunteer("colluder-2", BigInteger.valueOf(4 * STAKE));
    List<Credentials> honest = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      honest.add(chain.volunteer("honest-" + i, BigInteger.valueOf(4 * STAKE)));
    }
    HubService.Deal deal = chain.match(chain.appOrder(app, APP_PRICE, 4), DatasetOrder.none(),
        chain.workerpoolOrder(pool, POOL_PRICE, 4, XS, trust),
        chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 4, XS, trust, "--seed=collusion"));

    // three honest rounds: the colluders earn a score of 3 (weight still 2)
    for (int idx = 0; idx < 3; idx++) {
      chain.initialize(deal.dealId(), idx);
      String taskId = HubService.taskId(deal.dealId(), idx);
      String output = digest("collusion warm-up " + idx);
      for (Credentials w : List.of(c1, c2, honest.get(0))) {
        chain.contribute(w, taskId, output);
      }
      for (Credentials w : List.of(c1, c2, honest.get(0))) {
        chain.reveal(w, taskId, output);
      }
      chain.finalize(taskId, new byte[] {1}, new byte[0]);
    }
    assertEquals(3, chain.score(c1.getAddress()));
    assertEquals(3, chain.score(c2.getAddress()));

    // then they agree on a wrong result, first: 4·6 = 24 is not > 5·5 = 25, no consensus
    chain.initialize(deal.dealId(), 3);
    String taskId = HubService.taskId(deal.dealId(), 3);
    String truth = digest("the honest output");
    String lie = digest("sabotaged " + taskId);
    TestingChain.Snapshot before = chain.snapshot();
    chain.contribute(c1, taskId, lie);
    chain.contribute(c2, taskId, lie);
    assertEquals(ACTIVE, chain.task(taskId).status.intValue(), "two colluders do not reach trust 6");
    for (int i = 0; i < 4; i++) {
      chain.contribute(honest.get(i), taskId, truth);
      assertEquals(ACTIVE, chain.task(taskId).status.intValue(), "16·6 = 96 is not > 21·5 = 105");
    }
    TransactionReceipt decisive = chain.contribute(honest.get(4), taskId, truth);
    assertEquals(ResultCommitment.of(taskId, truth, honest.get(4).getAddress()).resultHash(),
        Numeric.toHexString(XwHub.getTaskConsensusEvents(decisive).get(0).consensus), "32·6 = 192 > 37·5 = 185");
    assertRefused("NotInConsensus", () -> chain.reveal(c1, taskId, lie));
    for (Credentials w : honest) {
      chain.reveal(w, taskId, truth);
    }
    long kittyShare = kittyShare(before.of(TestingChain.KITTY).locked().longValueExact());
    TransactionReceipt finalized = chain.finalize(taskId, new byte[] {2}, new byte[0]);
    assertEquals(List.of(c1.getAddress(), c2.getAddress()),
        XwHub.getFaultyContributionEvents(finalized).stream().map(e -> e.worker).toList());

    TestingChain.Snapshot after = chain.snapshot();
    assertBalanced(before, after);
    List<Settlement.Contributor> contributors = new ArrayList<>(List.of(
        new Settlement.Contributor(c1.getAddress(), STAKE, Poco.weight(3), false),
        new Settlement.Contributor(c2.getAddress(), STAKE, Poco.weight(3), false),
        new Settlement.Contributor(honest.get(0).getAddress(), STAKE, Poco.weight(3), true)));
    for (int i = 1; i < 5; i++) {
      contributors.add(new Settlement.Contributor(honest.get(i).getAddress(), STAKE, Poco.weight(0), true));
    }
    Map<String, Long> rewards = Settlement.finalized("task", "requester", POOL_PRICE, "scheduler", 1, contributors)
        .rewards();
    assertEquals(-STAKE, rewards.get(c1.getAddress()));
    assertEquals(316, rewards.get(honest.get(0).getAddress()), "(1000 + 2·300)·99 % / 5, floored");
    for (Settlement.Contributor c : contributors) {
      assertEquals(rewards.get(c.account()), after.stakeDelta(before, c.account()), c.account());
      assertEquals(-before.of(c.account()).locked().longValueExact(), after.lockedDelta(before, c.account()));
    }
    assertEquals(rewards.get("scheduler") + kittyShare + STAKE, after.stakeDelta(before, chain.scheduler.address()),
        "the scheduler's share, and its pool stake unlocked");
    assertEquals(-STAKE, after.lockedDelta(before, chain.scheduler.address()));
    assertEquals(Poco.scoreAfterLoss(3), chain.score(c1.getAddress()), "3 · 2 / 3");
    assertEquals(2, chain.score(c2.getAddress()));
    assertEquals(4, chain.score(honest.get(0).getAddress()));
    assertEquals(1, chain.score(honest.get(4).getAddress()));
  }

  @Test
  void shouldRefuseBadContributionsAndRevealsAndSeizeACopier() {
    Credentials w1 = chain.volunteer("rules-1", BigInteger.valueOf(STAKE));
    Credentials w2 = chain.volunteer("rules-2", BigInteger.valueOf(STAKE));
    Credentials copier = chain.volunteer("rules-copier", BigInteger.valueOf(STAKE));
    Credentials broke = chain.volunteer("rules-broke", BigInteger.ZERO);
    HubService.Deal deal = chain.match(chain.appOrder(app, APP_PRICE, 1), DatasetOrder.none(),
        chain.workerpoolOrder(pool, POOL_PRICE, 1, XS, 5), chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 1, XS, 5, ""));
    String other = HubService.taskId(deal.dealId(), 1);
    assertRefused("TaskNotInDeal", () -> chain.scheduler.initialize(deal.dealId(), 1));
    chain.initialize(deal.dealId(), 0);
    String taskId = HubService.taskId(deal.dealId(), 0);
    String output = digest("rules output");
    ResultCommitment c1 = ResultCommitment.of(taskId, output, w1.getAddress());
    XwHub hub = chain.hub();
    byte[] task = ChainValues.toBytes(taskId);
    byte[] none = new byte[0];

    // no scheduler's authorization: signed by the worker itself, or given to another worker
    String selfAuthorized = Eip712.authorization(w1.getAddress(), taskId, ChainValues.ZERO_ADDRESS, w1);
    String signed = chain.eip712.signContribution(taskId, c1.resultHash(), c1.resultSeal(), ChainValues.ZERO_ADDRESS, w1);
    chain.assertRefused("UnauthorizedContribution", chain.scheduler, hub, hub.contributeFor(w1.getAddress(), task,
        ChainValues.toBytes(c1.resultHash()), ChainValues.toBytes(c1.resultSeal()), ChainValues.ZERO_ADDRESS, none,
        ChainValues.toBytes(selfAuthorized), ChainValues.toBytes(signed)));
    String forW2 = Eip712.authorization(w2.getAddress(), taskId, ChainValues.ZERO_ADDRESS, chain.scheduler.credentials());
    chain.assertRefused("UnauthorizedContribution", chain.scheduler, hub, hub.contributeFor(w1.getAddress(), task,
        ChainValues.toBytes(c1.resultHash()), ChainValues.toBytes(c1.resultSeal()), ChainValues.ZERO_ADDRESS, none,
        ChainValues.toBytes(forW2), ChainValues.toBytes(signed)));
    // a contribution the worker did not sign (the relayer forged it)
    String authorized = Eip712.authorization(w1.getAddress(), taskId, ChainValues.ZERO_ADDRESS, chain.scheduler.credentials());
    String forged = chain.eip712.signContribution(taskId, c1.resultHash(), c1.resultSeal(), ChainValues.ZERO_ADDRESS,
        chain.scheduler.credentials());
    chain.assertRefused("InvalidWorkerSignature", chain.scheduler, hub, hub.contributeFor(w1.getAddress(), task,
        ChainValues.toBytes(c1.resultHash()), ChainValues.toBytes(c1.resultSeal()), ChainValues.ZERO_ADDRESS, none,
        ChainValues.toBytes(authorized), ChainValues.toBytes(forged)));
    // the worker's signature replayed on another task
    chain.assertRefused("InvalidWorkerSignature", chain.scheduler, hub, hub.contributeFor(w1.getAddress(),
        ChainValues.toBytes(other), ChainValues.toBytes(c1.resultHash()), ChainValues.toBytes(c1.resultSeal()),
        ChainValues.ZERO_ADDRESS, none, ChainValues.toBytes(authorized), ChainValues.toBytes(signed)));
    // a worker with nothing to stake
    assertRefused("InsufficientFreeBalance", () -> chain.contribute(broke, taskId, output));

    TestingChain.Snapshot before = chain.snapshot();
    chain.contribute(w1, taskId, c1);
    assertRefused("AlreadyContributed", () -> chain.contribute(w1, taskId, c1));
    // the copier commits w1's very hash and seal: it counts for the consensus...
    chain.contribute(copier, taskId, c1);
    chain.contribute(w2, taskId, output);
    assertEquals(REVEALING, chain.task(taskId).status.intValue());
    assertRefused("TaskNotActive", () -> chain.contribute(broke, taskId, output));
    // ...but cannot reveal: the seal binds w1's address
    assertRefused("RevealHashMismatch", () -> chain.reveal(w1, taskId, digest("not what w1 committed")));
    chain.reveal(w1, taskId, output);
    assertRefused("RevealSealMismatch", () -> chain.reveal(copier, taskId, output));
    chain.reveal(w2, taskId, output);
    assertRefused("OnlyScheduler", () -> chain.requester.finalize(taskId, none, none));
    assertRefused("RevealsPending", () -> chain.finalize(taskId, none, none));
    chain.anvil.increaseTime(2 * 300 + 1);
    assertRefused("RevealDeadlinePassed", () -> chain.reveal(copier, taskId, output));
    long kittyShare = kittyShare(before.of(TestingChain.KITTY).locked().longValueExact());
    TransactionReceipt finalized = chain.finalize(taskId, none, none);
    assertEquals(List.of(copier.getAddress()),
        XwHub.getFaultyContributionEvents(finalized).stream().map(e -> e.worker).toList());

    TestingChain.Snapshot after = chain.snapshot();
    assertBalanced(before, after);
    Map<String, Long> rewards = Settlement.finalized("task", "requester", POOL_PRICE, "scheduler", 1, List.of(
        new Settlement.Contributor(w1.getAddress(), STAKE, 2, true),
        new Settlement.Contributor(copier.getAddress(), STAKE, 2, false),
        new Settlement.Contributor(w2.getAddress(), STAKE, 2, true))).rewards();
    for (Credentials w : List.of(w1, copier, w2)) {
      assertEquals(rewards.get(w.getAddress()), after.stakeDelta(before, w.getAddress()));
    }
    assertEquals(643, rewards.get(w1.getAddress()), "(1000 + 300)·99 % / 2, floored");
    assertEquals(rewards.get("scheduler") + kittyShare + STAKE, after.stakeDelta(before, chain.scheduler.address()));
  }

  // ───────────────────────── deadlines ─────────────────────────

  @Test
  void shouldRefundTheRequesterWhenTasksAreClaimedPastTheirFinalDeadline() {
    Credentials worker = chain.volunteer("claim-1", BigInteger.valueOf(STAKE));
    Credentials late = chain.volunteer("claim-late", BigInteger.valueOf(STAKE));
    TestingChain.Snapshot before = chain.snapshot();
    HubService.Deal deal = chain.match(chain.appOrder(app, APP_PRICE, 2), DatasetOrder.none(),
        chain.workerpoolOrder(pool, POOL_PRICE, 2, testCategory, 5),
        chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 2, testCategory, 5, ""));
    chain.initialize(deal.dealId(), 0);
    String task0 = HubService.taskId(deal.dealId(), 0);
    String task1 = HubService.taskId(deal.dealId(), 1);
    chain.contribute(worker, task0, digest("half done"));
    XwHub.Task started = chain.task(task0);
    assertEquals(started.contributionDeadline.subtract(started.finalDeadline),
        BigInteger.valueOf(-3 * TEST_PERIOD), "contribution at 7T, final at 10T");
    assertRefused("FinalDeadlineNotPassed", () -> chain.gas("claim", chain.requester.claim(task0)));

    chain.anvil.increaseTime(7 * TEST_PERIOD + 1);
    assertRefused("ContributionDeadlinePassed", () -> chain.contribute(late, task0, digest("too late")));
    chain.anvil.increaseTime(3 * TEST_PERIOD);
    TransactionReceipt claimed = chain.gas("claim", chain.requester.claim(task0));
    assertEquals(1, XwHub.getTaskClaimedEvents(claimed).size());
    assertEquals(FAILED, chain.task(task0).status.intValue());
    assertRefused("TaskNotClaimable", () -> chain.requester.claim(task0));
    // the other task was never started: anyone starts and claims it at once
    chain.gas("initializeAndClaimArray", chain.requester.send("initializeAndClaimArray", chain.hub(),
        chain.hub().initializeAndClaimArray(List.of(ChainValues.toBytes(deal.dealId())), List.of(BigInteger.ONE))));
    assertEquals(FAILED, chain.task(task1).status.intValue());

    TestingChain.Snapshot after = chain.snapshot();
    assertBalanced(before, after);
    assertEquals(before.of(chain.requester.address()), after.of(chain.requester.address()), "fully refunded");
    assertEquals(0, after.stakeDelta(before, worker.getAddress()), "the stake is unlocked");
    assertEquals(0, after.lockedDelta(before, worker.getAddress()));
    assertEquals(-2 * STAKE, after.stakeDelta(before, chain.scheduler.address()), "the pool's stake is lost...");
    assertEquals(2 * STAKE, after.lockedDelta(before, TestingChain.KITTY), "...to the kitty");

    // the next finalize hands the scheduler iExec's part of the kitty
    HubService.Deal next = chain.match(chain.appOrder(app, APP_PRICE, 1), DatasetOrder.none(),
        chain.workerpoolOrder(pool, POOL_PRICE, 1, XS, 1), chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 1, XS, 1, ""));
    chain.initialize(next.dealId(), 0);
    String solo = HubService.taskId(next.dealId(), 0);
    Credentials soloist = chain.volunteer("claim-soloist", BigInteger.valueOf(STAKE));
    TestingChain.Snapshot beforeFinalize = chain.snapshot();
    long kitty = beforeFinalize.of(TestingChain.KITTY).locked().longValueExact();
    assertTrue(kitty >= 2 * STAKE);
    chain.contribute(soloist, solo, digest("solo"));
    chain.reveal(soloist, solo, digest("solo"));
    chain.finalize(solo, new byte[0], new byte[0]);
    TestingChain.Snapshot end = chain.snapshot();
    assertBalanced(beforeFinalize, end);
    assertEquals(-kittyShare(kitty), end.lockedDelta(beforeFinalize, TestingChain.KITTY));
    assertEquals(10 + kittyShare(kitty) + STAKE, end.stakeDelta(beforeFinalize, chain.scheduler.address()),
        "1 % of the price, the kitty's part, the pool stake back");
  }

  @Test
  void shouldReopenWhenNobodyRevealsAndCertifyAnotherResult() {
    Credentials silent = chain.volunteer("reopen-silent", BigInteger.valueOf(STAKE));
    Credentials second = chain.volunteer("reopen-second", BigInteger.valueOf(STAKE));
    HubService.Deal deal = chain.match(chain.appOrder(app, APP_PRICE, 1), DatasetOrder.none(),
        chain.workerpoolOrder(pool, POOL_PRICE, 1, testCategory, 2),
        chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 1, testCategory, 2, ""));
    chain.initialize(deal.dealId(), 0);
    String taskId = HubService.taskId(deal.dealId(), 0);
    String output = digest("reopened");
    TestingChain.Snapshot before = chain.snapshot();
    chain.contribute(silent, taskId, output);
    assertEquals(REVEALING, chain.task(taskId).status.intValue(), "trust 2: one fresh worker, 2·2 > 3·1");
    assertRefused("RevealDeadlineNotPassed", () -> chain.scheduler.reopen(taskId));
    chain.anvil.increaseTime(2 * TEST_PERIOD + 1);
    assertRefused("OnlyScheduler", () -> chain.requester.reopen(taskId));
    TransactionReceipt reopened = chain.gas("reopen", chain.scheduler.reopen(taskId));
    assertEquals(1, XwHub.getTaskReopenEvents(reopened).size());
    assertEquals(ACTIVE, chain.task(taskId).status.intValue());
    BigInteger[] consensus = consensus(taskId, ResultCommitment.of(taskId, output, silent.getAddress()).resultHash());
    assertEquals(BigInteger.ZERO, consensus[0], "the silent group is gone...");
    assertEquals(BigInteger.ONE, consensus[1], "...and so is its weight");

    chain.contribute(second, taskId, output);
    chain.reveal(second, taskId, output);
    long kittyShare = kittyShare(before.of(TestingChain.KITTY).locked().longValueExact());
    chain.finalize(taskId, new byte[] {3}, new byte[0]);
    TestingChain.Snapshot after = chain.snapshot();
    assertBalanced(before, after);
    Map<String, Long> rewards = Settlement.finalized("task", "requester", POOL_PRICE, "scheduler", 1, List.of(
        new Settlement.Contributor(silent.getAddress(), STAKE, 2, false),
        new Settlement.Contributor(second.getAddress(), STAKE, 2, true))).rewards();
    assertEquals(-STAKE, after.stakeDelta(before, silent.getAddress()));
    assertEquals(rewards.get(second.getAddress()), after.stakeDelta(before, second.getAddress()));
    assertEquals(1287, rewards.get(second.getAddress()));
    assertEquals(rewards.get("scheduler") + kittyShare + STAKE, after.stakeDelta(before, chain.scheduler.address()));
  }

  // ───────────────────────── matching refusals ─────────────────────────

  @Test
  void shouldRefuseBadMatchesAndLockNothing() {
    XwHub hub = chain.hub();
    AppOrder appOrder = chain.appOrder(app, APP_PRICE, 1);
    WorkerpoolOrder poolOrder = chain.workerpoolOrder(pool, POOL_PRICE, 1, XS, 5);
    RequestOrder request = chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 1, XS, 5, "");
    HubService matcher = chain.requester;

    // forged: the request signed by someone else than its requester
    RequestOrder forged = chain.eip712.sign(request, chain.appOwner.credentials());
    chain.assertRefused("InvalidRequestOrderSignature", matcher, hub, match(appOrder, poolOrder, forged));
    // tampered: the app order's price lowered after it was signed
    AppOrder tampered = new AppOrder(appOrder.app(), BigInteger.ONE, appOrder.volume(), appOrder.tag(),
        appOrder.datasetrestrict(), appOrder.workerpoolrestrict(), appOrder.requesterrestrict(), appOrder.salt(),
        appOrder.sign());
    chain.assertRefused("InvalidAppOrderSignature", matcher, hub, match(tampered, poolOrder, request));
    // signed for another chain (id 1), or another hub
    Eip712 mainnet = new Eip712(1, chain.deployment.hub());
    chain.assertRefused("InvalidAppOrderSignature", matcher, hub, match(
        mainnet.sign(appOrder, chain.appOwner.credentials()), poolOrder, request));
    Eip712 otherHub = new Eip712(chain.anvil.chainId(), chain.deployment.token());
    chain.assertRefused("InvalidWorkerpoolOrderSignature", matcher, hub, match(
        appOrder, otherHub.sign(poolOrder, chain.scheduler.credentials()), request));
    // prices, trust, category, restrictions
    chain.assertRefused("AppMaxPriceBelowPrice", matcher, hub, match(appOrder, poolOrder,
        chain.requestOrder(app, APP_PRICE - 1, pool, POOL_PRICE, 1, XS, 5, "")));
    chain.assertRefused("WorkerpoolMaxPriceBelowPrice", matcher, hub, match(appOrder, poolOrder,
        chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE - 1, 1, XS, 5, "")));
    chain.assertRefused("TrustAboveWorkerpoolTrust", matcher, hub, match(appOrder, poolOrder,
        chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 1, XS, 6, "")));
    chain.assertRefused("CategoryMismatch", matcher, hub, match(appOrder, poolOrder,
        chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 1, 1, 5, "")));
    AppOrder onlyForOthers = chain.eip712.sign(new AppOrder(app, BigInteger.valueOf(APP_PRICE), BigInteger.ONE,
        ChainValues.ZERO_BYTES32, ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS, chain.appOwner.address(),
        chain.salt(), "0x"), chain.appOwner.credentials());
    chain.assertRefused("AppOrderRestrictedToAnotherRequester", matcher, hub, match(onlyForOthers, poolOrder, request));
    // a requester without the funds
    Credentials poor = chain.volunteer("poor requester", BigInteger.valueOf(APP_PRICE));
    RequestOrder poorRequest = chain.eip712.sign(new RequestOrder(app, BigInteger.valueOf(APP_PRICE),
        ChainValues.ZERO_ADDRESS, BigInteger.ZERO, pool, BigInteger.valueOf(POOL_PRICE), poor.getAddress(),
        BigInteger.ONE, ChainValues.ZERO_BYTES32, BigInteger.valueOf(XS), BigInteger.valueOf(5), poor.getAddress(),
        ChainValues.ZERO_ADDRESS, "", chain.salt(), "0x"), poor);
    chain.assertRefused("InsufficientFreeBalance", matcher, hub, match(appOrder, poolOrder, poorRequest));

    // the genuine orders match once; replaying them finds their volume exhausted
    String requestHash = chain.eip712.hash(request);
    chain.match(appOrder, DatasetOrder.none(), poolOrder, request);
    assertEquals(BigInteger.ONE, HubService.call(hub.viewConsumed(ChainValues.toBytes(requestHash))));
    chain.assertRefused("VolumeExhausted", matcher, hub, match(appOrder, poolOrder, request));
  }

  @Test
  void shouldPresignAndCancelOrdersOnChain() {
    XwHub hub = chain.hub();
    AppOrder appOrder = chain.appOrder(app, APP_PRICE, 2).withSign("0x");
    WorkerpoolOrder poolOrder = chain.workerpoolOrder(pool, POOL_PRICE, 2, XS, 5).withSign("0x");
    RequestOrder request = chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 2, XS, 5, "");
    chain.assertRefused("InvalidAppOrderSignature", chain.requester, hub, match(appOrder, poolOrder, request));

    // the app owner presigns its order itself; the pool owner signs a presign operation the requester relays
    chain.appOwner.send("manageAppOrder", hub, hub.manageAppOrder(new XwHub.AppOrderOperation(
        HubService.struct(appOrder), BigInteger.ZERO, new byte[0])));
    assertRefused("NotOrderOwner", () -> chain.requester.send("manageWorkerpoolOrder", hub, hub.manageWorkerpoolOrder(
        new XwHub.WorkerpoolOrderOperation(HubService.struct(poolOrder), BigInteger.ZERO, new byte[0]))));
    String presign = chain.eip712.signOperation(Eip712.operationHash(poolOrder, Eip712.Operation.SIGN),
        chain.scheduler.credentials());
    TransactionReceipt presigned = chain.requester.send("manageWorkerpoolOrder", hub, hub.manageWorkerpoolOrder(
        new XwHub.WorkerpoolOrderOperation(HubService.struct(poolOrder), BigInteger.ZERO, ChainValues.toBytes(presign))));
    assertEquals(chain.eip712.hash(poolOrder),
        Numeric.toHexString(XwHub.getSignedWorkerpoolOrderEvents(presigned).get(0).workerpoolHash));
    assertEquals(chain.scheduler.address(),
        HubService.call(hub.viewPresigned(ChainValues.toBytes(chain.eip712.hash(poolOrder)))));

    RequestOrder half = chain.requestOrder(app, APP_PRICE, pool, POOL_PRICE, 1, XS, 5, "");
    assertEquals(BigInteger.ONE, chain.match(appOrder, DatasetOrder.none(), poolOrder, half).volume());

    // the requester cancels its other request: it can no longer match
    chain.requester.send("manageRequestOrder", hub, hub.manageRequestOrder(
        new XwHub.RequestOrderOperation(HubService.struct(request), BigInteger.ONE, new byte[0])));
    chain.assertRefused("VolumeExhausted", chain.requester, hub, match(appOrder, poolOrder, request));
  }

  // ───────────────────────── helpers ─────────────────────────

  private static org.web3j.protocol.core.RemoteFunctionCall<TransactionReceipt> match(
      AppOrder appOrder, WorkerpoolOrder poolOrder, RequestOrder request) {
    return chain.hub().matchOrders(HubService.struct(appOrder), HubService.struct(DatasetOrder.none()),
        HubService.struct(poolOrder), HubService.struct(request));
  }

  private static BigInteger[] consensus(String taskId, String resultHash) {
    var r = HubService.call(chain.hub().viewConsensus(ChainValues.toBytes(taskId), ChainValues.toBytes(resultHash)));
    return new BigInteger[] {r.component1(), r.component2()};
  }

  /** What a finalize takes from the kitty for the scheduler: min(max(kitty · 10 %, 1e9), kitty). */
  private static long kittyShare(long kitty) {
    return Math.min(Math.max(kitty * 10 / 100, 1_000_000_000L), kitty);
  }

  @Test
  void shouldExposeIexecsCategories() {
    assertTrue(HubService.call(chain.hub().countCategory()).intValue() >= 5);
    long[] periods = {300, 1200, 3600, 10800, 36000};
    String[] names = {"XS", "S", "M", "L", "XL"};
    for (int i = 0; i < 5; i++) {
      XwHub.Category c = HubService.call(chain.hub().viewCategory(BigInteger.valueOf(i)));
      assertEquals(names[i], c.name);
      assertEquals(BigInteger.valueOf(periods[i]), c.workClockTimeRef);
    }
    assertRefused("OwnableUnauthorizedAccount", () -> chain.requester.send("createCategory", chain.hub(),
        chain.hub().createCategory("FAST", "{}", BigInteger.ONE)));
  }
}
