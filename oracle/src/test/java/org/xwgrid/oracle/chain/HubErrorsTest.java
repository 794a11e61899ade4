package org.xwgrid.oracle.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

class HubErrorsTest {
  @SuppressWarnings("rawtypes")
  private static String encode(String signature, List<Type> args) {
    return HubErrors.selector(signature) + FunctionEncoder.encodeConstructor(args);
  }

  @Test
  void shouldNameTheHubsCustomErrorsWithTheirArguments() {
    String data = encode("WorkerpoolMaxPriceBelowPrice(uint256,uint256)",
        List.of(new Uint256(BigInteger.valueOf(5)), new Uint256(BigInteger.valueOf(10))));
    assertEquals(new HubErrors.Decoded("WorkerpoolMaxPriceBelowPrice", List.of("workerpoolmaxprice=5", "workerpoolprice=10")),
        HubErrors.get().decode(data).orElseThrow());
  }

  @Test
  void shouldNameEscrowErrors() {
    String account = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    String data = encode("InsufficientFreeBalance(address,uint256,uint256)",
        List.of(new Address(account), new Uint256(BigInteger.TEN), new Uint256(BigInteger.ONE)));
    assertEquals(new HubErrors.Decoded("InsufficientFreeBalance", List.of("account=" + account, "needed=10", "free=1")),
        HubErrors.get().decode(data).orElseThrow());
  }

  @Test
  void shouldNameArgumentlessErrorsAndRevertStrings() {
    assertEquals(new HubErrors.Decoded("VolumeExhausted", List.of()),
        HubErrors.get().decode(HubErrors.selector("VolumeExhausted()")).orElseThrow());
    String message = encode("Error(string)", List.of(new Utf8String("Registry: unknown entry")));
    assertEquals(new HubErrors.Decoded("Error", List.of("reason=Registry: unknown entry")),
        HubErrors.get().decode(message).orElseThrow());
  }

  @Test
  void shouldNotGuessUnknownData() {
    assertTrue(HubErrors.get().decode("0xdeadbeef").isEmpty());
    assertTrue(HubErrors.get().decode("0x").isEmpty());
  }
}
