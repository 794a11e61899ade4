package org.xwgrid.oracle.chain;

import static org.xwgrid.oracle.chain.ChainValues.address;
import static org.xwgrid.oracle.chain.ChainValues.bytes;
import static org.xwgrid.oracle.chain.ChainValues.bytes32;
import static org.xwgrid.oracle.chain.ChainValues.uint256;

import java.math.BigInteger;

/**
 * A workerpool's offer (iExec {@code IexecLibOrders_v5.WorkerpoolOrder}): tasks of
 * {@code category} certified up to {@code trust}, for {@code workerpoolprice} per task.
 */
public record WorkerpoolOrder(
    String workerpool,
    BigInteger workerpoolprice,
    BigInteger volume,
    String tag,
    BigInteger category,
    BigInteger trust,
    String apprestrict,
    String datasetrestrict,
    String requesterrestrict,
    String salt,
    String sign) {

  public WorkerpoolOrder {
    workerpool = address("workerpool", workerpool);
    workerpoolprice = uint256("workerpoolprice", workerpoolprice);
    volume = uint256("volume", volume);
    tag = bytes32("tag", tag);
    category = uint256("category", category);
    trust = uint256("trust", trust);
    apprestrict = address("apprestrict", apprestrict);
    datasetrestrict = address("datasetrestrict", datasetrestrict);
    requesterrestrict = address("requesterrestrict", requesterrestrict);
    salt = bytes32("salt", salt);
    sign = bytes("sign", sign);
  }

  public WorkerpoolOrder withSign(String signature) {
    return new WorkerpoolOrder(
        workerpool, workerpoolprice, volume, tag, category, trust, apprestrict, datasetrestrict, requesterrestrict,
        salt, signature);
  }
}
