package org.xwgrid.oracle.outbox;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** {@link Chain} over a web3j client, with web3j's asynchronous calls. */
public final class Web3jChain implements Chain {
  private final Web3j web3j;

  public Web3jChain(Web3j web3j) {
    this.web3j = web3j;
  }

  @Override
  public CompletionStage<Long> pendingNonce(String address) {
    return web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING)
        .sendAsync()
        .thenApply(r -> r.getTransactionCount().longValueExact());
  }

  @Override
  public CompletionStage<Void> sendRaw(String rawTx) {
    return web3j.ethSendRawTransaction(rawTx)
        .sendAsync()
        .thenCompose(
            r -> {
              if (!r.hasError() || alreadyKnown(r.getError().getMessage())) {
                return CompletableFuture.completedFuture(null);
              }
              return CompletableFuture.failedFuture(new IllegalStateException("the node refused the transaction: " + r.getError().getMessage()));
            });
  }

  /** A resend of a transaction the node has, or one mined already (its nonce is then used). */
  private static boolean alreadyKnown(String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    return m.contains("already known") || m.contains("already imported") || m.contains("nonce too low");
  }

  @Override
  public CompletionStage<Optional<Receipt>> receipt(String txHash) {
    return web3j.ethGetTransactionReceipt(txHash)
        .sendAsync()
        .thenApply(
            r -> r.getTransactionReceipt()
                .map(t -> new Receipt(t.getTransactionHash(), t.isStatusOK(), t.getGasUsed().longValueExact(), t.getBlockNumber().longValueExact())));
  }

  @Override
  public CompletionStage<Long> displaced(String txHash, String address, long nonce) {
    return web3j.ethGetTransactionCount(address, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
        .sendAsync()
        .thenCompose(
            count -> {
              long mined = count.getTransactionCount().longValueExact();
              if (mined <= nonce) {
                return CompletableFuture.completedFuture(-1L);
              }
              return web3j.ethGetTransactionByHash(txHash).sendAsync()
                  .thenApply(t -> t.getTransaction().isPresent() ? -1L : mined);
            });
  }
}
