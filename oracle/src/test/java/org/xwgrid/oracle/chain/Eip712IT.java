package org.xwgrid.oracle.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.tuples.generated.Tuple7;
import org.web3j.utils.Numeric;
import org.xwgrid.oracle.contracts.XwHub;

/** The EIP-712 hashes computed in Java ({@link Eip712}) are the deployed hub's. */
class Eip712IT {
  private static Anvil anvil;
  private static XwHub hub;
  private static Eip712 java;

  @BeforeAll
  static void deploy() {
    anvil = Anvil.start(Anvil.defaultBinary());
    Credentials deployer = Anvil.account(0);
    HubService.Deployment d = HubService.deploy(anvil.web3j(), deployer, anvil.chainId(), "t", "T");
    hub = new HubService(anvil.web3j(), deployer, anvil.chainId(), d).hub();
    java = new Eip712(anvil.chainId(), d.hub());
  }

  @AfterAll
  static void stop() {
    if (anvil != null) {
      anvil.close();
    }
  }

  @Test
  void shouldDeclareXwgridsDomain() {
    Tuple7<byte[], String, String, BigInteger, String, byte[], java.util.List<BigInteger>> domain =
        HubService.call(hub.eip712Domain());
    assertEquals(Eip712.NAME, domain.component2());
    assertEquals(Eip712.VERSION, domain.component3());
    assertEquals(BigInteger.valueOf(anvil.chainId()), domain.component4());
    assertEquals(java.hub(), domain.component5());
    assertEquals(Numeric.toHexString(java.domainSeparator()), Numeric.toHexString(HubService.call(hub.domainSeparator())));
  }

  @Test
  void shouldHashEveryOrderAsTheHubDoes() {
    assertEquals(java.hash(TestingOrders.app()),
        Numeric.toHexString(HubService.call(hub.hashAppOrder(HubService.struct(TestingOrders.app())))));
    assertEquals(java.hash(TestingOrders.dataset()),
        Numeric.toHexString(HubService.call(hub.hashDatasetOrder(HubService.struct(TestingOrders.dataset())))));
    assertEquals(java.hash(TestingOrders.workerpool()),
        Numeric.toHexString(HubService.call(hub.hashWorkerpoolOrder(HubService.struct(TestingOrders.workerpool())))));
    assertEquals(java.hash(TestingOrders.request()),
        Numeric.toHexString(HubService.call(hub.hashRequestOrder(HubService.struct(TestingOrders.request())))));
    assertEquals(java.hash(DatasetOrder.none()),
        Numeric.toHexString(HubService.call(hub.hashDatasetOrder(HubService.struct(DatasetOrder.none())))));
  }

  @Test
  void shouldIgnoreTheSignatureInTheHash() {
    AppOrder signed = java.sign(TestingOrders.app(), Anvil.account(1));
    assertEquals(java.hash(TestingOrders.app()),
        Numeric.toHexString(HubService.call(hub.hashAppOrder(HubService.struct(signed)))));
  }
}
