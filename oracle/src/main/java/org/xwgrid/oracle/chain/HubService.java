package org.xwgrid.oracle.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.Contract;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;
import org.web3j.utils.Numeric;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.oracle.contracts.AppRegistry;
import org.xwgrid.oracle.contracts.DatasetRegistry;
import org.xwgrid.oracle.contracts.WorkerpoolRegistry;
import org.xwgrid.oracle.contracts.XwHub;
import org.xwgrid.oracle.contracts.XwToken;

/**
 * One account's door to xwgrid's contracts, over the generated web3j wrappers: reads through the
 * wrappers; writes as EIP-1559 transactions that are first estimated (a refusal comes back as a
 * {@link HubRevertException} naming the contract's error, and nothing is sent), then sent with
 * a locally kept nonce and awaited. Blocking: not for use inside an actor.
 */
public final class HubService {
  /** Where the contracts are. */
  public record Deployment(
      String token, String appRegistry, String datasetRegistry, String workerpoolRegistry, String hub) {
    public Deployment {
      token = ChainValues.address("token", token);
      appRegistry = ChainValues.address("app registry", appRegistry);
      datasetRegistry = ChainValues.address("dataset registry", datasetRegistry);
      workerpoolRegistry = ChainValues.address("workerpool registry", workerpoolRegistry);
      hub = ChainValues.address("hub", hub);
    }
  }

  /** A matched deal: its id, how many tasks it has, and the matching transaction's receipt. */
  public record Deal(String dealId, BigInteger volume, TransactionReceipt receipt) {}

  /** The hub's reward kitty (its {@code KITTY_ADDRESS}): seized pool stakes wait there for later tasks. */
  public static final String KITTY = "0x99c2268479b93fde36232351229815df80837e23";

  private static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]*");

  private final Web3j web3j;
  private final Credentials sender;
  private final long chainId;
  private final Deployment deployment;
  private final FastRawTransactionManager transactions;
  private final TransactionReceiptProcessor receipts;
  private final Eip712 eip712;
  private final XwToken token;
  private final AppRegistry apps;
  private final DatasetRegistry datasets;
  private final WorkerpoolRegistry workerpools;
  private final XwHub hub;

  public HubService(Web3j web3j, Credentials sender, long chainId, Deployment deployment) {
    this.web3j = web3j;
    this.sender = sender;
    this.chainId = chainId;
    this.deployment = deployment;
    this.receipts = new PollingTransactionReceiptProcessor(web3j, 20, 1500);
    this.transactions = new FastRawTransactionManager(web3j, sender, chainId, receipts);
    StaticGasProvider readsOnly = new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO);
    this.eip712 = new Eip712(chainId, deployment.hub());
    this.token = XwToken.load(deployment.token(), web3j, transactions, readsOnly);
    this.apps = AppRegistry.load(deployment.appRegistry(), web3j, transactions, readsOnly);
    this.datasets = DatasetRegistry.load(deployment.datasetRegistry(), web3j, transactions, readsOnly);
    this.workerpools = WorkerpoolRegistry.load(deployment.workerpoolRegistry(), web3j, transactions, readsOnly);
    this.hub = XwHub.load(deployment.hub(), web3j, transactions, readsOnly);
  }

  /**
   * Deploys a token (its deployer may mint), the three registries and a hub over them, as
   * {@code deployer}; returns their addresses.
   */
  public static Deployment deploy(Web3j web3j, Credentials deployer, long chainId, String tokenName, String symbol) {
    HubService d = new HubService(web3j, deployer, chainId, new Deployment(
        ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS,
        ChainValues.ZERO_ADDRESS));
    String token = d.create("XwToken", XwToken.BINARY, List.of(
        new org.web3j.abi.datatypes.Utf8String(tokenName), new org.web3j.abi.datatypes.Utf8String(symbol)));
    String apps = d.create("AppRegistry", AppRegistry.BINARY, List.of());
    String datasets = d.create("DatasetRegistry", DatasetRegistry.BINARY, List.of());
    String workerpools = d.create("WorkerpoolRegistry", WorkerpoolRegistry.BINARY, List.of());
    String hub = d.create("XwHub", XwHub.BINARY, List.of(
        new org.web3j.abi.datatypes.Address(token),
        new org.web3j.abi.datatypes.Address(apps),
        new org.web3j.abi.datatypes.Address(datasets),
        new org.web3j.abi.datatypes.Address(workerpools)));
    return new Deployment(token, apps, datasets, workerpools, hub);
  }

  public String address() {
    return sender.getAddress();
  }

  public Credentials credentials() {
    return sender;
  }

  public long chainId() {
    return chainId;
  }

  public Deployment deployment() {
    return deployment;
  }

  public Eip712 eip712() {
    return eip712;
  }

  public XwToken token() {
    return token;
  }

  public AppRegistry apps() {
    return apps;
  }

  public DatasetRegistry datasets() {
    return datasets;
  }

  public WorkerpoolRegistry workerpools() {
    return workerpools;
  }

  public XwHub hub() {
    return hub;
  }

  // ───────────────────────── accounts ─────────────────────────

  /** Approves the hub for {@code amount} tokens and deposits them into the sender's account. */
  public TransactionReceipt deposit(BigInteger amount) {
    send("approve", token, token.approve(deployment.hub(), amount));
    return send("deposit", hub, hub.deposit(amount));
  }

  /** Approves and deposits {@code amount} tokens into {@code target}'s account (e.g. a worker's). */
  public TransactionReceipt depositFor(BigInteger amount, String target) {
    send("approve", token, token.approve(deployment.hub(), amount));
    return send("depositFor", hub, hub.depositFor(amount, target));
  }

  /** Sends {@code amount} tokens of the sender's wallet to {@code to}'s wallet. */
  public TransactionReceipt transfer(String to, BigInteger amount) {
    return send("transfer", token, token.transfer(ChainValues.address("recipient", to), amount));
  }

  /** Takes {@code amount} free tokens of the sender's escrow account back to its wallet. */
  public TransactionReceipt withdraw(BigInteger amount) {
    return send("withdraw", hub, hub.withdraw(amount));
  }

  /** The latest block's time, in seconds since the epoch (the hub's clock for deadlines). */
  public long blockTime() {
    try {
      return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
          .getBlock().getTimestamp().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException("chain unreachable", e);
    }
  }

  /** The free (stake) and locked parts of {@code account}'s escrow. */
  public XwHub.Account account(String account) {
    return call(hub.viewAccount(account));
  }

  // ───────────────────────── registries ─────────────────────────

  /** Registers an app owned by the sender; returns its id (an address). */
  public String createApp(String name, String type, byte[] multiaddr, String checksum) {
    byte[] sum = ChainValues.toBytes(ChainValues.bytes32("checksum", checksum));
    TransactionReceipt r = send("createApp", apps, apps.createApp(address(), name, type, multiaddr, sum, new byte[0]));
    return AppRegistry.getAppCreatedEvents(r).get(0).app;
  }

  /** Registers a workerpool owned (scheduled) by the sender; returns its id (an address). */
  public String createWorkerpool(String description) {
    TransactionReceipt r = send("createWorkerpool", workerpools, workerpools.createWorkerpool(address(), description));
    return WorkerpoolRegistry.getWorkerpoolCreatedEvents(r).get(0).workerpool;
  }

  /** Registers a dataset owned by the sender; returns its id (an address). */
  public String createDataset(String name, byte[] multiaddr, String checksum) {
    byte[] sum = ChainValues.toBytes(ChainValues.bytes32("checksum", checksum));
    TransactionReceipt r = send("createDataset", datasets, datasets.createDataset(address(), name, multiaddr, sum));
    return DatasetRegistry.getDatasetCreatedEvents(r).get(0).dataset;
  }

  // ───────────────────────── deals and tasks ─────────────────────────

  public Deal matchOrders(AppOrder app, DatasetOrder dataset, WorkerpoolOrder workerpool, RequestOrder request) {
    TransactionReceipt r = send(
        "matchOrders", hub, hub.matchOrders(struct(app), struct(dataset), struct(workerpool), struct(request)));
    XwHub.OrdersMatchedEventResponse matched = XwHub.getOrdersMatchedEvents(r).get(0);
    return new Deal(Numeric.toHexString(matched.dealid), matched.volume, r);
  }

  /**
   * Presigns ({@link Eip712.Operation#SIGN}) or cancels ({@link Eip712.Operation#CLOSE}) an order
   * on chain, as its owner (the sender): a presigned order matches without its signature, a closed
   * one has no volume left.
   */
  public TransactionReceipt manage(AppOrder o, Eip712.Operation op) {
    return send("manageAppOrder", hub, hub.manageAppOrder(
        new XwHub.AppOrderOperation(struct(o), BigInteger.valueOf(op.ordinal()), new byte[0])));
  }

  public TransactionReceipt manage(DatasetOrder o, Eip712.Operation op) {
    return send("manageDatasetOrder", hub, hub.manageDatasetOrder(
        new XwHub.DatasetOrderOperation(struct(o), BigInteger.valueOf(op.ordinal()), new byte[0])));
  }

  public TransactionReceipt manage(WorkerpoolOrder o, Eip712.Operation op) {
    return send("manageWorkerpoolOrder", hub, hub.manageWorkerpoolOrder(
        new XwHub.WorkerpoolOrderOperation(struct(o), BigInteger.valueOf(op.ordinal()), new byte[0])));
  }

  public TransactionReceipt manage(RequestOrder o, Eip712.Operation op) {
    return send("manageRequestOrder", hub, hub.manageRequestOrder(
        new XwHub.RequestOrderOperation(struct(o), BigInteger.valueOf(op.ordinal()), new byte[0])));
  }

  /** How much of the order with that hash was matched (its whole volume once closed). */
  public BigInteger consumed(String orderHash) {
    return call(hub.viewConsumed(bytes32(orderHash)));
  }

  public XwHub.Deal deal(String dealId) {
    return call(hub.viewDeal(bytes32(dealId)));
  }

  public XwHub.Task task(String taskId) {
    return call(hub.viewTask(bytes32(taskId)));
  }

  /** Starts and claims at once a task that nobody initialized, past its final deadline. */
  public TransactionReceipt initializeAndClaim(String dealId, long idx) {
    return send("initializeAndClaimArray", hub, hub.initializeAndClaimArray(
        List.of(bytes32(dealId)), List.of(BigInteger.valueOf(idx))));
  }

  public TransactionReceipt initialize(String dealId, long idx) {
    return send("initialize", hub, hub.initialize(bytes32(dealId), BigInteger.valueOf(idx)));
  }

  /** Relays a worker's signed contribution, with the scheduler's authorization. */
  public TransactionReceipt contributeFor(
      String worker, String taskId, ResultCommitment commitment, String authorization, String workerSign) {
    return send("contributeFor", hub, hub.contributeFor(
        worker,
        bytes32(taskId),
        bytes32(commitment.resultHash()),
        bytes32(commitment.resultSeal()),
        ChainValues.ZERO_ADDRESS,
        new byte[0],
        ChainValues.toBytes(authorization),
        ChainValues.toBytes(workerSign)));
  }

  /** Contributes as the sender (a worker with ether for gas). */
  public TransactionReceipt contribute(String taskId, ResultCommitment commitment, String authorization) {
    return send("contribute", hub, hub.contribute(
        bytes32(taskId),
        bytes32(commitment.resultHash()),
        bytes32(commitment.resultSeal()),
        ChainValues.ZERO_ADDRESS,
        new byte[0],
        ChainValues.toBytes(authorization)));
  }

  /** Relays a worker's signed reveal. */
  public TransactionReceipt revealFor(String worker, String taskId, String resultDigest, String workerSign) {
    return send("revealFor", hub, hub.revealFor(
        worker, bytes32(taskId), bytes32(resultDigest), ChainValues.toBytes(workerSign)));
  }

  /** Reveals as the sender. */
  public TransactionReceipt reveal(String taskId, String resultDigest) {
    return send("reveal", hub, hub.reveal(bytes32(taskId), bytes32(resultDigest)));
  }

  public TransactionReceipt reopen(String taskId) {
    return send("reopen", hub, hub.reopen(bytes32(taskId)));
  }

  public TransactionReceipt finalize(String taskId, byte[] results, byte[] resultsCallback) {
    return send("finalize", hub, hub.finalize(bytes32(taskId), results, resultsCallback));
  }

  public TransactionReceipt claim(String taskId) {
    return send("claim", hub, hub.claim(bytes32(taskId)));
  }

  /** Task ids of a deal: {@code keccak256(dealId ‖ idx)}. */
  public static String taskId(String dealId, long idx) {
    byte[] packed = new byte[64];
    System.arraycopy(bytes32(dealId), 0, packed, 0, 32);
    System.arraycopy(Numeric.toBytesPadded(BigInteger.valueOf(idx), 32), 0, packed, 32, 32);
    return Numeric.toHexString(Hash.sha3(packed));
  }

  // ───────────────────────── structs ─────────────────────────

  public static XwHub.AppOrder struct(AppOrder o) {
    return new XwHub.AppOrder(o.app(), o.appprice(), o.volume(), bytes32(o.tag()), o.datasetrestrict(),
        o.workerpoolrestrict(), o.requesterrestrict(), bytes32(o.salt()), ChainValues.toBytes(o.sign()));
  }

  public static XwHub.DatasetOrder struct(DatasetOrder o) {
    return new XwHub.DatasetOrder(o.dataset(), o.datasetprice(), o.volume(), bytes32(o.tag()), o.apprestrict(),
        o.workerpoolrestrict(), o.requesterrestrict(), bytes32(o.salt()), ChainValues.toBytes(o.sign()));
  }

  public static XwHub.WorkerpoolOrder struct(WorkerpoolOrder o) {
    return new XwHub.WorkerpoolOrder(o.workerpool(), o.workerpoolprice(), o.volume(), bytes32(o.tag()),
        o.category(), o.trust(), o.apprestrict(), o.datasetrestrict(), o.requesterrestrict(), bytes32(o.salt()),
        ChainValues.toBytes(o.sign()));
  }

  public static XwHub.RequestOrder struct(RequestOrder o) {
    return new XwHub.RequestOrder(o.app(), o.appmaxprice(), o.dataset(), o.datasetmaxprice(), o.workerpool(),
        o.workerpoolmaxprice(), o.requester(), o.volume(), bytes32(o.tag()), o.category(), o.trust(),
        o.beneficiary(), o.callback(), o.params(), bytes32(o.salt()), ChainValues.toBytes(o.sign()));
  }

  // ───────────────────────── transactions ─────────────────────────

  /** Reads through a wrapper's call, unwrapping web3j's checked exceptions. */
  public static <T> T call(RemoteFunctionCall<T> read) {
    try {
      return read.send();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("chain read failed: " + e.getMessage(), e);
    }
  }

  /** Sends a wrapper's call to its contract as a transaction (see {@link #send(String, String, String)}). */
  public TransactionReceipt send(String action, Contract contract, RemoteFunctionCall<?> call) {
    return send(action, contract.getContractAddress(), call.encodeFunctionCall());
  }

  /** Sends an encoded function call to {@code contract} as a transaction. */
  public TransactionReceipt send(String action, Contract contract, Function function) {
    return send(action, contract.getContractAddress(), org.web3j.abi.FunctionEncoder.encode(function));
  }

  /**
   * Estimates the transaction (a refusal throws {@link HubRevertException} with the decoded
   * error, and nothing is sent), sends it with a 25 % gas margin and EIP-1559 fees, and waits
   * for its receipt. {@code to} null deploys {@code data}.
   */
  public TransactionReceipt send(String action, String to, String data) {
    try {
      EthEstimateGas estimate = web3j.ethEstimateGas(
          Transaction.createFunctionCallTransaction(address(), null, null, null, to, data)).send();
      if (estimate.hasError()) {
        throw refusal(action, estimate.getError());
      }
      BigInteger gas = estimate.getAmountUsed().multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4));
      BigInteger baseFee = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
          .getBlock().getBaseFeePerGas();
      BigInteger maxFee = baseFee.multiply(BigInteger.TWO).add(TIP);
      EthSendTransaction sent = transactions.sendEIP1559Transaction(
          chainId, TIP, maxFee, gas, to == null ? "" : to, data, BigInteger.ZERO);
      if (sent.hasError()) {
        throw refusal(action, sent.getError());
      }
      TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
      if (!receipt.isStatusOK()) {
        throw new HubRevertException(action, "reverted", List.of("tx=" + receipt.getTransactionHash()), "0x");
      }
      return receipt;
    } catch (IOException e) {
      throw new UncheckedIOException(action + ": chain unreachable", e);
    } catch (TransactionException e) {
      throw new IllegalStateException(action + ": no receipt: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("rawtypes") // web3j's encoder speaks raw Type
  private String create(String name, String binary, List<org.web3j.abi.datatypes.Type> constructorArgs) {
    String data = binary + org.web3j.abi.FunctionEncoder.encodeConstructor(constructorArgs);
    TransactionReceipt r = send("deploy " + name, null, data);
    return r.getContractAddress();
  }

  /** The refusal a node answered to {@code action}, named by the contract's error where it is one. */
  public static HubRevertException refusal(String action, org.web3j.protocol.core.Response.Error error) {
    String data = error.getData() == null ? "" : error.getData();
    Matcher m = HEX.matcher(data);
    String revert = m.find() ? m.group() : "";
    return HubErrors.get().decode(revert)
        .map(d -> new HubRevertException(action, d.name(), d.args(), revert))
        .orElseGet(() -> new HubRevertException(action, error.getMessage(), List.of(), revert));
  }

  private static byte[] bytes32(String hex) {
    return ChainValues.toBytes(ChainValues.bytes32("bytes32", hex));
  }
}
