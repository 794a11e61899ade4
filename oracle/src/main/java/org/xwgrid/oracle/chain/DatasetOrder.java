package org.xwgrid.oracle.chain;

import static org.xwgrid.oracle.chain.ChainValues.ZERO_ADDRESS;
import static org.xwgrid.oracle.chain.ChainValues.ZERO_BYTES32;
import static org.xwgrid.oracle.chain.ChainValues.address;
import static org.xwgrid.oracle.chain.ChainValues.bytes;
import static org.xwgrid.oracle.chain.ChainValues.bytes32;
import static org.xwgrid.oracle.chain.ChainValues.uint256;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigInteger;

/**
 * A dataset owner's offer (iExec {@code IexecLibOrders_v5.DatasetOrder}). A deal without a
 * dataset is matched with {@link #none()}, the all-zero order.
 */
public record DatasetOrder(
    String dataset,
    BigInteger datasetprice,
    BigInteger volume,
    String tag,
    String apprestrict,
    String workerpoolrestrict,
    String requesterrestrict,
    String salt,
    String sign) {

  public DatasetOrder {
    dataset = address("dataset", dataset);
    datasetprice = uint256("datasetprice", datasetprice);
    volume = uint256("volume", volume);
    tag = bytes32("tag", tag);
    apprestrict = address("apprestrict", apprestrict);
    workerpoolrestrict = address("workerpoolrestrict", workerpoolrestrict);
    requesterrestrict = address("requesterrestrict", requesterrestrict);
    salt = bytes32("salt", salt);
    sign = bytes("sign", sign);
  }

  /** The empty dataset order of a request without a dataset. */
  public static DatasetOrder none() {
    return new DatasetOrder(
        ZERO_ADDRESS, BigInteger.ZERO, BigInteger.ZERO, ZERO_BYTES32, ZERO_ADDRESS, ZERO_ADDRESS, ZERO_ADDRESS,
        ZERO_BYTES32, "0x");
  }

  @JsonIgnore // not a field of the order: keeps its JSON (orderbook files) to the order's fields
  public boolean isNone() {
    return ZERO_ADDRESS.equals(dataset);
  }

  public DatasetOrder withSign(String signature) {
    return new DatasetOrder(
        dataset, datasetprice, volume, tag, apprestrict, workerpoolrestrict, requesterrestrict, salt, signature);
  }
}
