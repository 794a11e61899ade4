package org.xwgrid.oracle.outbox;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** What the outbox needs of a chain node, asynchronously (never blocking an actor). */
public interface Chain {

  /** A transaction's receipt: whether it succeeded, the gas it used, its block. */
  record Receipt(String txHash, boolean success, long gasUsed, long block) {}

  /** The account's next nonce, counting pending transactions. */
  CompletionStage<Long> pendingNonce(String address);

  /**
   * Sends a signed transaction. Completes normally when the node has it, including when it knew
   * it already (a resend); fails when the node refuses it.
   */
  CompletionStage<Void> sendRaw(String rawTx);

  /** The receipt, once the transaction is mined. */
  CompletionStage<Optional<Receipt>> receipt(String txHash);

  /**
   * Whether another transaction of {@code address} took {@code nonce}, so that {@code txHash} can
   * never be mined: completes with the account's count of mined transactions if so, else -1. The
   * count is read before the transaction is looked up, so a transaction mined in between is
   * found, never taken for displaced.
   */
  CompletionStage<Long> displaced(String txHash, String address, long nonce);
}
