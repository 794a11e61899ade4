package org.xwgrid.oracle.market;

import java.math.BigInteger;
import java.util.List;
import org.web3j.utils.Numeric;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.contracts.XwHub;

/**
 * A deal as the hub has it, with each of its tasks: app, dataset and workerpool (address, owner,
 * price per task), requester, trust, category, tag, volume, the index of its first task
 * ({@code botFirst}), when it was matched ({@code startTime}, seconds since the epoch), params.
 */
public record DealView(
    String dealId,
    Resource app,
    Resource dataset,
    Resource workerpool,
    String requester,
    String beneficiary,
    String callback,
    BigInteger trust,
    BigInteger category,
    String tag,
    BigInteger volume,
    BigInteger botFirst,
    BigInteger startTime,
    String params,
    BigInteger workerStake,
    BigInteger schedulerRewardRatio,
    List<TaskView> tasks) {

  /** An app, dataset or workerpool of the deal: its address, its owner then, its price per task. */
  public record Resource(String address, String owner, BigInteger price) {
    static Resource of(XwHub.Resource r) {
      return new Resource(ChainValues.address("address", r.pointer), ChainValues.address("owner", r.owner), r.price);
    }
  }

  /** The view of {@code deal} with {@code tasks} (in index order from {@code botFirst}). */
  public static DealView of(String dealId, XwHub.Deal deal, List<TaskView> tasks) {
    return new DealView(
        ChainValues.bytes32("deal id", dealId),
        Resource.of(deal.app),
        Resource.of(deal.dataset),
        Resource.of(deal.workerpool),
        ChainValues.address("requester", deal.requester),
        ChainValues.address("beneficiary", deal.beneficiary),
        ChainValues.address("callback", deal.callback),
        deal.trust,
        deal.category,
        Numeric.toHexString(deal.tag),
        deal.botSize,
        deal.botFirst,
        deal.startTime,
        deal.params,
        deal.workerStake,
        deal.schedulerRewardRatio,
        List.copyOf(tasks));
  }

  /** Whether the hub knows this deal (an unknown id reads as all zeros). */
  public static boolean exists(XwHub.Deal deal) {
    return !ChainValues.ZERO_ADDRESS.equals(ChainValues.address("requester", deal.requester));
  }
}
