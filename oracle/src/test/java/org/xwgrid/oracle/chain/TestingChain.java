package org.xwgrid.oracle.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.Contract;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;
import org.web3j.utils.Numeric;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.oracle.contracts.XwHub;

/**
 * A real local chain for the integration tests: anvil on a free port, the contracts deployed,
 * and the parties of a deal, each with its own {@link HubService}: the deployer (mints, adds
 * categories), a requester, an app owner, a scheduler (the workerpool's owner, which also relays
 * its workers' contributions, as the oracle will), a worker that holds ether, and any number of
 * volunteer workers with keys of their own and no ether at all. Records the gas of every
 * transaction it sends through {@link #gas(String, TransactionReceipt)}.
 */
public final class TestingChain implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TestingChain.class);

  public static final BigInteger MINTED = BigInteger.valueOf(1_000_000_000_000L);
  public static final BigInteger DEPOSITED = BigInteger.valueOf(100_000_000L);
  public static final String KITTY = HubService.KITTY;

  public final Anvil anvil;
  public final HubService.Deployment deployment;
  public final HubService deployer;
  public final HubService requester;
  public final HubService appOwner;
  public final HubService scheduler;
  public final HubService fundedWorker;
  public final Eip712 eip712;
  /** Sends transactions the hub must refuse, without asking first (see {@link #assertRefused}). */
  private final RawTransactionManager outsider;
  private final TransactionReceiptProcessor receipts;

  private final Set<String> accounts = new LinkedHashSet<>();
  private final Map<String, List<BigInteger>> gas = new TreeMap<>();
  private final AtomicLong salts = new AtomicLong();

  private TestingChain(Anvil anvil) {
    this.anvil = anvil;
    long chainId = anvil.chainId();
    this.deployment = HubService.deploy(anvil.web3j(), Anvil.account(0), chainId, "xwgrid token", "XWT");
    this.deployer = party(Anvil.account(0));
    this.requester = party(Anvil.account(1));
    this.appOwner = party(Anvil.account(2));
    this.scheduler = party(Anvil.account(3));
    this.fundedWorker = party(Anvil.account(4));
    this.eip712 = deployer.eip712();
    this.receipts = new PollingTransactionReceiptProcessor(anvil.web3j(), 20, 500);
    this.outsider = new RawTransactionManager(anvil.web3j(), Anvil.account(5), chainId, receipts);
    accounts.add(KITTY);
    for (HubService p : List.of(requester, scheduler, fundedWorker)) {
      deployer.send("mint", deployer.token(), deployer.token().mint(p.address(), MINTED));
      p.deposit(DEPOSITED);
    }
    deployer.send("mint", deployer.token(), deployer.token().mint(appOwner.address(), MINTED));
  }

  public static TestingChain start() {
    Anvil anvil = Anvil.start(Anvil.defaultBinary());
    try {
      return new TestingChain(anvil);
    } catch (RuntimeException e) {
      anvil.close();
      throw e;
    }
  }

  HubService party(Credentials credentials) {
    accounts.add(credentials.getAddress());
    return new HubService(anvil.web3j(), credentials, anvil.chainId(), deployment);
  }

  /** A volunteer: a key of its own (from {@code name}), no ether; {@code stake} tokens deposited for it. */
  Credentials volunteer(String name, BigInteger stake) {
    Credentials worker = Credentials.create(Numeric.toHexString(Hash.sha3(("worker " + name).getBytes(StandardCharsets.UTF_8))));
    accounts.add(worker.getAddress());
    if (stake.signum() > 0) {
      scheduler.depositFor(stake, worker.getAddress());
    }
    return worker;
  }

  /** Counts {@code address} among the accounts of {@link #snapshot} (a worker whose key is its own). */
  public void track(String address) {
    accounts.add(address.toLowerCase(java.util.Locale.ROOT));
  }

  /** A fresh bytes32 salt. */
  public String salt() {
    return Numeric.toHexString(Hash.sha3(("salt " + salts.incrementAndGet()).getBytes(StandardCharsets.UTF_8)));
  }

  /** keccak-256 of {@code text}, as a stand-in for the sha256 digest of a task's output. */
  static String digest(String text) {
    return Numeric.toHexString(Hash.sha3(text.getBytes(StandardCharsets.UTF_8)));
  }

  // ───────────────────────── orders ─────────────────────────

  public AppOrder appOrder(String app, long price, long volume) {
    return eip712.sign(new AppOrder(app, BigInteger.valueOf(price), BigInteger.valueOf(volume),
        ChainValues.ZERO_BYTES32, ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS,
        salt(), "0x"), appOwner.credentials());
  }

  public WorkerpoolOrder workerpoolOrder(String pool, long price, long volume, long category, long trust) {
    return eip712.sign(new WorkerpoolOrder(pool, BigInteger.valueOf(price), BigInteger.valueOf(volume),
        ChainValues.ZERO_BYTES32, BigInteger.valueOf(category), BigInteger.valueOf(trust), ChainValues.ZERO_ADDRESS,
        ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS, salt(), "0x"), scheduler.credentials());
  }

  public RequestOrder requestOrder(String app, long appMax, String pool, long poolMax, long volume, long category,
      long trust, String params) {
    return eip712.sign(new RequestOrder(app, BigInteger.valueOf(appMax), ChainValues.ZERO_ADDRESS, BigInteger.ZERO,
        pool, BigInteger.valueOf(poolMax), requester.address(), BigInteger.valueOf(volume), ChainValues.ZERO_BYTES32,
        BigInteger.valueOf(category), BigInteger.valueOf(trust), requester.address(), ChainValues.ZERO_ADDRESS,
        params, salt(), "0x"), requester.credentials());
  }

  // ───────────────────────── the worker's side, relayed by the scheduler ─────────────────────────

  /** {@code worker} commits {@code digest} for {@code taskId}; the scheduler authorizes and relays it. */
  TransactionReceipt contribute(Credentials worker, String taskId, String digest) {
    return contribute(worker, taskId, ResultCommitment.of(taskId, digest, worker.getAddress()));
  }

  TransactionReceipt contribute(Credentials worker, String taskId, ResultCommitment commitment) {
    String authorization =
        Eip712.authorization(worker.getAddress(), taskId, ChainValues.ZERO_ADDRESS, scheduler.credentials());
    String signature = eip712.signContribution(
        taskId, commitment.resultHash(), commitment.resultSeal(), ChainValues.ZERO_ADDRESS, worker);
    TransactionReceipt r = scheduler.contributeFor(worker.getAddress(), taskId, commitment, authorization, signature);
    boolean decisive = !XwHub.getTaskConsensusEvents(r).isEmpty();
    return gas(decisive ? "contributeFor, reaching consensus" : "contributeFor", r);
  }

  TransactionReceipt reveal(Credentials worker, String taskId, String digest) {
    return gas("revealFor", scheduler.revealFor(worker.getAddress(), taskId, digest,
        eip712.signReveal(taskId, digest, worker)));
  }

  // ───────────────────────── the scheduler's side ─────────────────────────

  public HubService.Deal match(AppOrder app, DatasetOrder dataset, WorkerpoolOrder workerpool, RequestOrder request) {
    HubService.Deal deal = requester.matchOrders(app, dataset, workerpool, request);
    gas("matchOrders", deal.receipt());
    return deal;
  }

  TransactionReceipt initialize(String dealId, long idx) {
    return gas("initialize", scheduler.initialize(dealId, idx));
  }

  TransactionReceipt finalize(String taskId, byte[] results, byte[] resultsCallback) {
    return gas("finalize", scheduler.finalize(taskId, results, resultsCallback));
  }

  // ───────────────────────── state ─────────────────────────

  public XwHub hub() {
    return deployer.hub();
  }

  public XwHub.Task task(String taskId) {
    return HubService.call(hub().viewTask(ChainValues.toBytes(taskId)));
  }

  public long score(String worker) {
    return HubService.call(hub().viewScore(worker)).longValueExact();
  }

  /** Every account's wallet and escrow, and the hub's own token balance. */
  public Snapshot snapshot() {
    Map<String, Balance> balances = new LinkedHashMap<>();
    for (String a : accounts) {
      XwHub.Account escrow = deployer.account(a);
      BigInteger wallet = HubService.call(deployer.token().balanceOf(a));
      balances.put(a, new Balance(wallet, escrow.stake, escrow.locked));
    }
    return new Snapshot(balances, HubService.call(deployer.token().balanceOf(deployment.hub())));
  }

  public record Balance(BigInteger wallet, BigInteger stake, BigInteger locked) {}

  public record Snapshot(Map<String, Balance> balances, BigInteger hubWallet) {
    public Balance of(String account) {
      return balances.get(account);
    }

    public BigInteger escrowTotal() {
      return balances.values().stream().map(b -> b.stake().add(b.locked())).reduce(BigInteger.ZERO, BigInteger::add);
    }

    BigInteger walletTotal() {
      return balances.values().stream().map(Balance::wallet).reduce(hubWallet, BigInteger::add);
    }

    /** Free-balance change of {@code account} since {@code before}. */
    public long stakeDelta(Snapshot before, String account) {
      return of(account).stake().subtract(before.of(account).stake()).longValueExact();
    }

    public long lockedDelta(Snapshot before, String account) {
      return of(account).locked().subtract(before.of(account).locked()).longValueExact();
    }
  }

  /**
   * Tokens are neither made nor lost between two snapshots, and the hub holds exactly the sum of
   * all escrow accounts (nothing in transit, nothing stuck).
   */
  public static void assertBalanced(Snapshot before, Snapshot after) {
    assertEquals(before.walletTotal(), after.walletTotal(), "tokens in wallets and hub");
    assertEquals(after.hubWallet(), after.escrowTotal(), "the hub holds exactly its accounts");
    assertEquals(before.hubWallet(), before.escrowTotal(), "the hub held exactly its accounts");
  }

  // ───────────────────────── refusals ─────────────────────────

  /**
   * The hub refuses {@code call} with {@code error}: asked first (as {@link HubService} does, the
   * refusal is decoded and nothing is sent), then sent anyway from an outsider's account with
   * enough gas and mined: the transaction reverts on chain and no account's tokens moved.
   */
  HubRevertException assertRefused(String error, HubService sender, Contract contract, RemoteFunctionCall<?> call) {
    Snapshot before = snapshot();
    HubRevertException refusal = assertThrows(HubRevertException.class,
        () -> sender.send("refused " + error, contract, call));
    assertEquals(error, refusal.error(), refusal.getMessage());
    try {
      EthSendTransaction sent = outsider.sendEIP1559Transaction(anvil.chainId(), BigInteger.valueOf(1_000_000_000L),
          BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(5_000_000), contract.getContractAddress(),
          call.encodeFunctionCall(), BigInteger.ZERO);
      assertFalse(sent.hasError(), () -> "sent: " + sent.getError().getMessage());
      TransactionReceipt mined = receipts.waitForTransactionReceipt(sent.getTransactionHash());
      assertFalse(mined.isStatusOK(), error + " must revert on chain too");
    } catch (IOException | TransactionException e) {
      throw new AssertionError(e);
    }
    assertEquals(before, snapshot(), "a refused " + error + " moves and locks nothing");
    return refusal;
  }

  /** The hub refuses {@code action} (sent by whoever it names) with {@code error}. */
  static HubRevertException assertRefused(String error, Executable action) {
    HubRevertException refusal = assertThrows(HubRevertException.class, action);
    assertEquals(error, refusal.error(), refusal.getMessage());
    return refusal;
  }

  // ───────────────────────── gas ─────────────────────────

  TransactionReceipt gas(String action, TransactionReceipt receipt) {
    gas.computeIfAbsent(action, k -> new ArrayList<>()).add(receipt.getGasUsed());
    return receipt;
  }

  /** A table of the gas used per action: count, min, mean, max. */
  String gasTable() {
    StringBuilder t = new StringBuilder(String.format("%n| action | txs | min gas | mean gas | max gas |%n|---|---|---|---|---|%n"));
    gas.forEach((action, used) -> {
      BigInteger sum = used.stream().reduce(BigInteger.ZERO, BigInteger::add);
      t.append(String.format("| %s | %d | %s | %s | %s |%n", action, used.size(),
          used.stream().min(BigInteger::compareTo).orElseThrow(), sum.divide(BigInteger.valueOf(used.size())),
          used.stream().max(BigInteger::compareTo).orElseThrow()));
    });
    return t.toString();
  }

  @Override
  public void close() {
    LOG.info("Gas used on anvil {} (solc 0.8.28 via-IR, optimizer 200 runs):{}", anvil.url(), gasTable());
    anvil.close();
  }
}
