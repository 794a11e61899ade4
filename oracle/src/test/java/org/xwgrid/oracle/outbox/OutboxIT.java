package org.xwgrid.oracle.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.gas.DefaultGasProvider;
import org.xwgrid.oracle.chain.Anvil;
import org.xwgrid.oracle.chain.HubService;
import org.xwgrid.oracle.contracts.XwToken;
import org.xwgrid.oracle.testing.TestingActorSystem;

/**
 * The outbox on a real anvil: token transfers queued as intents are mined once each, with
 * consecutive nonces, across a stop and restart of the outbox between send and receipt.
 */
class OutboxIT {
  private static final ActorTestKit testKit = TestingActorSystem.real("OutboxIT");
  private static Anvil anvil;

  @BeforeAll
  static void startChain() {
    anvil = Anvil.start(Anvil.defaultBinary());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    anvil.close();
  }

  private static String transfer(String to, long amount) {
    return FunctionEncoder.encode(new Function("transfer", List.of(new Address(to), new Uint256(amount)), List.of()));
  }

  @Test
  void shouldMineEachIntentOnceAcrossARestart() throws Exception {
    Credentials oracle = Anvil.account(0);
    HubService.Deployment d = HubService.deploy(anvil.web3j(), oracle, anvil.chainId(), "xw credit", "XWC");
    XwToken token = XwToken.load(d.token(), anvil.web3j(), oracle, new DefaultGasProvider());
    token.mint(oracle.getAddress(), BigInteger.valueOf(1_000)).send();
    long nonceBefore = nonce(oracle.getAddress());

    Chain chain = new Web3jChain(anvil.web3j());
    TxSigner signer = new TxSigner(oracle, anvil.chainId(), BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(1_000_000_000L));
    TestProbe<OutboxActor.Done> done = testKit.createTestProbe();
    ActorRef<OutboxActor.Command> outbox = start(chain, signer, done);
    List<Credentials> to = List.of(Anvil.account(2), Anvil.account(3), Anvil.account(4));
    for (int i = 0; i < 3; i++) {
      send(outbox, "pay:" + i, new Outbox.Intent("pay:" + i, d.token(), transfer(to.get(i).getAddress(), 10L * (i + 1)), BigInteger.valueOf(100_000)));
    }
    testKit.stop(outbox); // whatever was signed, sent or mined: the journal knows
    ActorRef<OutboxActor.Command> again = start(chain, signer, done);
    assertFalse(send(again, "pay:0", new Outbox.Intent("pay:0", d.token(), transfer(to.get(0).getAddress(), 10), BigInteger.valueOf(100_000))).queued());

    Set<String> mined = new HashSet<>();
    while (mined.size() < 3) {
      OutboxActor.Done x = done.receiveMessage(Duration.ofSeconds(20));
      assertEquals(true, x.entry().success(), x.toString());
      mined.add(x.entry().intent().key());
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(BigInteger.valueOf(10L * (i + 1)), token.balanceOf(to.get(i).getAddress()).send());
    }
    assertEquals(BigInteger.valueOf(940), token.balanceOf(oracle.getAddress()).send(), "paid once each");
    assertEquals(nonceBefore + 3, nonce(oracle.getAddress()), "three transactions, no more");
  }

  @Test
  void shouldSignAgainWhatAnotherUserOfTheKeyDisplaced() throws Exception {
    Credentials oracle = Anvil.account(5);
    HubService.Deployment d = HubService.deploy(anvil.web3j(), Anvil.account(6), anvil.chainId(), "xw credit", "XWC");
    XwToken minter = XwToken.load(d.token(), anvil.web3j(), Anvil.account(6), new DefaultGasProvider());
    minter.mint(oracle.getAddress(), BigInteger.valueOf(1_000)).send();
    Chain chain = new Web3jChain(anvil.web3j());
    TxSigner signer = new TxSigner(oracle, anvil.chainId(), BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(1_000_000_000L));
    TestProbe<OutboxActor.Done> done = testKit.createTestProbe();
    ActorRef<OutboxActor.Command> outbox =
        testKit.spawn(OutboxActor.create("displaced", chain, signer, Duration.ofMillis(200), Duration.ofSeconds(2), Clock.systemUTC(), done.ref()));
    Thread.sleep(1_000); // the outbox has read the nonce
    long before = nonce(oracle.getAddress());
    // the pool manager uses the oracle's key by hand meanwhile: the nonce the outbox holds is gone
    XwToken.load(d.token(), anvil.web3j(), oracle, new DefaultGasProvider())
        .transfer(Anvil.account(7).getAddress(), BigInteger.ONE).send();
    send(outbox, "pay", new Outbox.Intent("pay", d.token(), transfer(Anvil.account(8).getAddress(), 5), BigInteger.valueOf(100_000)));
    OutboxActor.Done x = done.receiveMessage(Duration.ofSeconds(30));
    assertEquals(true, x.entry().success(), x.toString());
    assertEquals(before + 1, x.entry().nonce(), "signed again with the next free nonce");
    assertEquals(BigInteger.valueOf(5), minter.balanceOf(Anvil.account(8).getAddress()).send(), "paid once");
    assertEquals(before + 2, nonce(oracle.getAddress()), "the hand-made transfer and the intent, no more");
  }

  private static ActorRef<OutboxActor.Command> start(Chain chain, TxSigner signer, TestProbe<OutboxActor.Done> done) {
    return testKit.spawn(
        OutboxActor.create("oracle", chain, signer, Duration.ofMillis(200), Duration.ofSeconds(2), Clock.systemUTC(), done.ref()));
  }

  private static OutboxActor.Accepted send(ActorRef<OutboxActor.Command> outbox, String key, Outbox.Intent intent) {
    TestProbe<OutboxActor.Accepted> p = testKit.createTestProbe();
    outbox.tell(new OutboxActor.Send(intent, p.ref()));
    return p.receiveMessage(Duration.ofSeconds(10));
  }

  private static long nonce(String address) throws Exception {
    return anvil.web3j().ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact();
  }
}
