package org.xwgrid.oracle.outbox;

import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Signs the outbox's intents as EIP-1559 transactions of one account: pure, so that a signed
 * transaction can be journaled before it is sent and sent again byte for byte.
 */
public final class TxSigner {
  /** A signed transaction and its hash. */
  public record SignedTx(String rawTx, String txHash) {}

  private final Credentials credentials;
  private final long chainId;
  private final BigInteger maxFeePerGas;
  private final BigInteger maxPriorityFeePerGas;

  public TxSigner(Credentials credentials, long chainId, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
    this.credentials = credentials;
    this.chainId = chainId;
    this.maxFeePerGas = maxFeePerGas;
    this.maxPriorityFeePerGas = maxPriorityFeePerGas;
  }

  public String address() {
    return credentials.getAddress();
  }

  public SignedTx sign(Outbox.Intent intent, long nonce) {
    RawTransaction tx =
        RawTransaction.createTransaction(
            chainId, BigInteger.valueOf(nonce), intent.gasLimit(), intent.to(), BigInteger.ZERO, intent.data(),
            maxPriorityFeePerGas, maxFeePerGas);
    byte[] signed = TransactionEncoder.signMessage(tx, chainId, credentials);
    return new SignedTx(Numeric.toHexString(signed), Numeric.toHexString(Hash.sha3(signed)));
  }
}
