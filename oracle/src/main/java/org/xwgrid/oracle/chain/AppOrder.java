package org.xwgrid.oracle.chain;

import static org.xwgrid.oracle.chain.ChainValues.address;
import static org.xwgrid.oracle.chain.ChainValues.bytes;
import static org.xwgrid.oracle.chain.ChainValues.bytes32;
import static org.xwgrid.oracle.chain.ChainValues.uint256;

import java.math.BigInteger;

/**
 * An app owner's offer (iExec {@code IexecLibOrders_v5.AppOrder}): its app for {@code appprice}
 * per task, up to {@code volume} tasks, optionally restricted to a dataset, workerpool or
 * requester ({@link ChainValues#ZERO_ADDRESS} = anyone). {@code sign} is the owner's EIP-712
 * signature ({@code 0x} when presigned on chain).
 */
public record AppOrder(
    String app,
    BigInteger appprice,
    BigInteger volume,
    String tag,
    String datasetrestrict,
    String workerpoolrestrict,
    String requesterrestrict,
    String salt,
    String sign) {

  public AppOrder {
    app = address("app", app);
    appprice = uint256("appprice", appprice);
    volume = uint256("volume", volume);
    tag = bytes32("tag", tag);
    datasetrestrict = address("datasetrestrict", datasetrestrict);
    workerpoolrestrict = address("workerpoolrestrict", workerpoolrestrict);
    requesterrestrict = address("requesterrestrict", requesterrestrict);
    salt = bytes32("salt", salt);
    sign = bytes("sign", sign);
  }

  public AppOrder withSign(String signature) {
    return new AppOrder(
        app, appprice, volume, tag, datasetrestrict, workerpoolrestrict, requesterrestrict, salt, signature);
  }
}
