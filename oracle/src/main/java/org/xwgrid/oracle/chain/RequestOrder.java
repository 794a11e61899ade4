package org.xwgrid.oracle.chain;

import static org.xwgrid.oracle.chain.ChainValues.address;
import static org.xwgrid.oracle.chain.ChainValues.bytes;
import static org.xwgrid.oracle.chain.ChainValues.bytes32;
import static org.xwgrid.oracle.chain.ChainValues.uint256;

import java.math.BigInteger;

/**
 * A requester's demand (iExec {@code IexecLibOrders_v5.RequestOrder}): {@code volume} tasks of
 * {@code app} (on {@code dataset}, by {@code workerpool} if set) at most at the max prices, in
 * {@code category}, certified at {@code trust}; {@code params} are the tasks' arguments;
 * {@code callback} gets the results on chain.
 */
public record RequestOrder(
    String app,
    BigInteger appmaxprice,
    String dataset,
    BigInteger datasetmaxprice,
    String workerpool,
    BigInteger workerpoolmaxprice,
    String requester,
    BigInteger volume,
    String tag,
    BigInteger category,
    BigInteger trust,
    String beneficiary,
    String callback,
    String params,
    String salt,
    String sign) {

  public RequestOrder {
    app = address("app", app);
    appmaxprice = uint256("appmaxprice", appmaxprice);
    dataset = address("dataset", dataset);
    datasetmaxprice = uint256("datasetmaxprice", datasetmaxprice);
    workerpool = address("workerpool", workerpool);
    workerpoolmaxprice = uint256("workerpoolmaxprice", workerpoolmaxprice);
    requester = address("requester", requester);
    volume = uint256("volume", volume);
    tag = bytes32("tag", tag);
    category = uint256("category", category);
    trust = uint256("trust", trust);
    beneficiary = address("beneficiary", beneficiary);
    callback = address("callback", callback);
    if (params == null) {
      throw new IllegalArgumentException("params is missing (use \"\" for none)");
    }
    salt = bytes32("salt", salt);
    sign = bytes("sign", sign);
  }

  public RequestOrder withSign(String signature) {
    return new RequestOrder(
        app, appmaxprice, dataset, datasetmaxprice, workerpool, workerpoolmaxprice, requester, volume, tag, category,
        trust, beneficiary, callback, params, salt, signature);
  }
}
