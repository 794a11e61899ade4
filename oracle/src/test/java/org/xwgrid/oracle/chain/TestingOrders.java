package org.xwgrid.oracle.chain;

import static org.xwgrid.oracle.chain.ChainValues.ZERO_ADDRESS;
import static org.xwgrid.oracle.chain.ChainValues.ZERO_BYTES32;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** Orders with every field set to something telling, for hashing tests. */
final class TestingOrders {
  static final String APP = "0x1111111111111111111111111111111111111111";
  static final String DATASET = "0x2222222222222222222222222222222222222222";
  static final String POOL = "0x3333333333333333333333333333333333333333";
  static final String REQUESTER = "0x4444444444444444444444444444444444444444";
  static final String CALLBACK = "0x5555555555555555555555555555555555555555";
  static final String TEE_TAG = "0x0000000000000000000000000000000000000000000000000000000000000001";

  private TestingOrders() {}

  static String salt(String text) {
    return Numeric.toHexString(Hash.sha3(text.getBytes(StandardCharsets.UTF_8)));
  }

  static AppOrder app() {
    return new AppOrder(APP, BigInteger.valueOf(7), BigInteger.valueOf(100), TEE_TAG, DATASET, POOL, ZERO_ADDRESS,
        salt("app"), "0x");
  }

  static DatasetOrder dataset() {
    return new DatasetOrder(DATASET, BigInteger.valueOf(3), BigInteger.valueOf(50), ZERO_BYTES32, APP,
        ZERO_ADDRESS, REQUESTER, salt("dataset"), "0x");
  }

  static WorkerpoolOrder workerpool() {
    return new WorkerpoolOrder(POOL, new BigInteger("1000000000000000000000"), BigInteger.valueOf(10), TEE_TAG,
        BigInteger.TWO, BigInteger.valueOf(100), APP, ZERO_ADDRESS, REQUESTER, salt("workerpool"), "0x");
  }

  static RequestOrder request() {
    return new RequestOrder(APP, BigInteger.valueOf(7), DATASET, BigInteger.valueOf(3), POOL,
        new BigInteger("1000000000000000000000"), REQUESTER, BigInteger.valueOf(4), ZERO_BYTES32, BigInteger.TWO,
        BigInteger.valueOf(5), REQUESTER, CALLBACK, "{\"args\":\"--pattern=1Lo --seed=é{index}\"}",
        salt("request"), "0x");
  }
}
