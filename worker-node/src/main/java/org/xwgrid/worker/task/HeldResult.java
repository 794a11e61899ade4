package org.xwgrid.worker.task;

import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.ChainTerms;
import org.xwgrid.common.crypto.RelaySignatures;
import org.xwgrid.common.crypto.Secp256k1Key;

/**
 * The output of a certified replica, kept by the worker after its contribution: the task id,
 * the {@code digest} it committed to (0x + 64 hex, exactly what it reveals), its zip ({@code
 * result.zip} next to it, uploaded when the dispatcher asks) and, for a task of an on-chain deal,
 * the deal's {@code chain} terms, so that its reveals carry the worker's relay signature (null
 * otherwise, and in results held by versions that did not know them).
 */
public record HeldResult(ReplicaRef replica, String taskId, String digest, DataRef zip, ChainTerms chain) {

  /** A held result of a certified task off chain. */
  public HeldResult(ReplicaRef replica, String taskId, String digest, DataRef zip) {
    this(replica, taskId, digest, zip, null);
  }

  /**
   * The relay signature by {@code key} of a reveal of {@code revealed} (the committed digest, or
   * what a misbehaving worker reveals instead) for this task, in its chain's domain; null off
   * chain. Blocking (an ECDSA signature: a few milliseconds).
   *
   * @throws IllegalArgumentException if the task id, the digest or the hub is malformed
   */
  public String revealSign(String revealed, Secp256k1Key key) {
    return chain == null ? null : signatures(chain).signReveal(taskId, revealed, key);
  }

  /** The EIP-712 domain of these chain terms; throws IllegalArgumentException for a malformed hub. */
  static RelaySignatures signatures(ChainTerms chain) {
    if (chain.hub() == null) {
      throw new IllegalArgumentException("the chain terms name no hub");
    }
    return new RelaySignatures(chain.chainId(), chain.hub());
  }
}
