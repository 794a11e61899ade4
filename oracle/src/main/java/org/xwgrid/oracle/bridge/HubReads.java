package org.xwgrid.oracle.bridge;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.chain.HubService;
import org.xwgrid.oracle.contracts.AppRegistry;
import org.xwgrid.oracle.contracts.XwHub;

/** The oracle's reads of the hub, all asynchronous (web3j's own threads; never an actor's). */
final class HubReads {
  private static final String[] TASK_STATUS = {"UNSET", "ACTIVE", "REVEALING", "COMPLETED", "FAILED"};
  private static final String[] CONTRIBUTION_STATUS = {"UNSET", "CONTRIBUTED", "PROVED", "REJECTED"};

  private final Web3j web3j;
  private final XwHub hub;
  private final AppRegistry apps;
  private final String from;

  HubReads(Web3j web3j, HubService service) {
    this.web3j = web3j;
    this.hub = service.hub();
    this.apps = service.apps();
    this.from = service.address();
  }

  CompletionStage<XwHub.Deal> deal(String dealId) {
    return hub.viewDeal(bytes32(dealId)).sendAsync();
  }

  CompletionStage<XwHub.Category> category(BigInteger id) {
    return hub.viewCategory(id).sendAsync();
  }

  CompletionStage<String> appName(String app) {
    return apps.viewApp(app).sendAsync().thenApply(a -> a.name);
  }

  /** The task with the contributions of all its contributors, and the latest block's time. */
  CompletionStage<TaskPlan.HubTask> task(String taskId) {
    CompletableFuture<XwHub.Task> task = hub.viewTask(bytes32(taskId)).sendAsync();
    CompletableFuture<Long> now =
        web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).sendAsync()
            .thenApply(b -> b.getBlock().getTimestamp().longValueExact());
    return task.thenCompose(t -> now.thenCompose(n -> {
      Map<String, CompletableFuture<XwHub.Contribution>> reads = new LinkedHashMap<>();
      for (String worker : t.contributors) {
        reads.put(worker.toLowerCase(Locale.ROOT), hub.viewContribution(bytes32(taskId), worker).sendAsync());
      }
      return CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
        Map<String, TaskPlan.HubContribution> cs = new LinkedHashMap<>();
        reads.forEach((w, f) -> cs.put(w, new TaskPlan.HubContribution(
            CONTRIBUTION_STATUS[f.join().status.intValueExact()], Numeric.toHexString(f.join().resultHash))));
        return new TaskPlan.HubTask(TASK_STATUS[t.status.intValueExact()], Numeric.toHexString(t.consensusValue),
            t.revealCounter.longValueExact(), t.winnerCounter.longValueExact(), t.revealDeadline.longValueExact(),
            t.finalDeadline.longValueExact(), cs, n);
      });
    }));
  }

  /**
   * The gas {@code data} would use if sent to the hub now, or the hub's refusal
   * ({@link org.xwgrid.oracle.chain.HubRevertException}) as the failure.
   */
  CompletionStage<BigInteger> estimate(String action, String data) {
    return web3j.ethEstimateGas(Transaction.createEthCallTransaction(from, hub.getContractAddress(), data))
        .sendAsync()
        .thenApply(
            r -> {
              if (r.hasError()) {
                throw HubService.refusal(action, r.getError());
              }
              return r.getAmountUsed();
            });
  }

  String hubAddress() {
    return hub.getContractAddress();
  }

  XwHub hub() {
    return hub;
  }

  static byte[] bytes32(String hex) {
    return ChainValues.toBytes(ChainValues.bytes32("bytes32", hex));
  }
}
