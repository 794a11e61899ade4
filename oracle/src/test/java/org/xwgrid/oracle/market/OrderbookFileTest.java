package org.xwgrid.oracle.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xwgrid.oracle.chain.ChainValues.ZERO_ADDRESS;
import static org.xwgrid.oracle.chain.ChainValues.ZERO_BYTES32;
import static org.xwgrid.oracle.market.OrderbookTest.CHAIN;
import static org.xwgrid.oracle.market.OrderbookTest.HUB;
import static org.xwgrid.oracle.market.OrderbookTest.NOW;
import static org.xwgrid.oracle.market.OrderbookTest.OWNER;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.oracle.chain.AppOrder;
import org.xwgrid.oracle.chain.DatasetOrder;
import org.xwgrid.oracle.chain.RequestOrder;
import org.xwgrid.oracle.chain.WorkerpoolOrder;
import org.xwgrid.oracle.market.Orderbook.Entry;

class OrderbookFileTest {

  @Test
  void shouldReadBackEveryKindOfOrderAsItWasWritten(@TempDir Path dir) throws IOException {
    OrderbookFile file = new OrderbookFile(dir.resolve("orderbook.json"), CHAIN, HUB);
    assertEquals(Orderbook.empty(CHAIN, HUB), file.read(), "no file yet: an empty orderbook");

    Orderbook written = file.update(b -> b
        .with(Entry.of(app(1), OWNER, NOW))
        .with(Entry.of(new DatasetOrder("0x2222222222222222222222222222222222222222", BigInteger.TWO, BigInteger.TEN,
            ZERO_BYTES32, ZERO_ADDRESS, ZERO_ADDRESS, ZERO_ADDRESS, salt(2), "0x" + "ab".repeat(65)), OWNER, NOW))
        .with(Entry.of(new WorkerpoolOrder("0x3333333333333333333333333333333333333333", BigInteger.valueOf(100),
            BigInteger.TEN, ZERO_BYTES32, BigInteger.ONE, BigInteger.valueOf(5), ZERO_ADDRESS, ZERO_ADDRESS,
            ZERO_ADDRESS, salt(3), "0x"), OWNER, NOW))
        .with(Entry.of(new RequestOrder(OrderbookTest.APP, BigInteger.ONE, ZERO_ADDRESS, BigInteger.ZERO, ZERO_ADDRESS,
            BigInteger.TEN, OrderbookTest.REQUESTER, BigInteger.ONE, ZERO_BYTES32, BigInteger.ZERO, BigInteger.ONE,
            OrderbookTest.REQUESTER, ZERO_ADDRESS, "--seed=\"é\" {index}", salt(4), "0x"), OrderbookTest.REQUESTER, NOW)));

    assertEquals(4, written.orders().size());
    assertEquals(written, file.read());
    assertEquals(written, new OrderbookFile(file.path(), CHAIN, HUB).read(), "another reader sees the same");
    String text = Files.readString(file.path());
    assertTrue(text.contains("\"kind\" : \"workerpool\""), text);
    assertTrue(!text.contains("\"price\""), "derived values are not written: " + text);
  }

  @Test
  void shouldLeaveTheFileAsItWasWhenAChangeIsRefused(@TempDir Path dir) throws IOException {
    OrderbookFile file = new OrderbookFile(dir.resolve("orderbook.json"), CHAIN, HUB);
    file.update(b -> b.with(Entry.of(app(1), OWNER, NOW)));
    String before = Files.readString(file.path());

    assertThrows(IllegalArgumentException.class, () -> file.update(b -> b.with(Entry.of(app(1), OWNER, NOW))));

    assertEquals(before, Files.readString(file.path()));
    assertEquals(List.of("orderbook.json", "orderbook.json.lock"), names(dir), "no temporary file left behind");
  }

  @Test
  void shouldRefuseAFileThatIsNotAnOrderbookOfThisHub(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("orderbook.json");
    new OrderbookFile(path, CHAIN, HUB).update(b -> b.with(Entry.of(app(1), OWNER, NOW)));
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
        () -> new OrderbookFile(path, CHAIN, OrderbookTest.SOMEONE).read());
    assertTrue(other.getMessage().contains("the orderbook is for the hub " + HUB), other.getMessage());

    Files.writeString(path, "{\"chainId\": 31337, \"hub\": \"" + HUB + "\", \"orders\": {\"0x12\": {}}}");
    IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
        () -> new OrderbookFile(path, CHAIN, HUB).read());
    assertTrue(broken.getMessage().startsWith("the orderbook " + path + " is not an orderbook"), broken.getMessage());
  }

  @Test
  void shouldKeepEveryConcurrentPublicationAndNeverShowAReaderHalfAFile(@TempDir Path dir) throws Exception {
    OrderbookFile file = new OrderbookFile(dir.resolve("orderbook.json"), CHAIN, HUB);
    file.update(b -> b);
    int writers = 4;
    int each = 15;
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      Future<Integer> reader = pool.submit(() -> {
        int reads = 0;
        while (writing.get()) {
          new OrderbookFile(file.path(), CHAIN, HUB).read();
          reads++;
        }
        return reads;
      });
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            AppOrder o = app(1000 * writer + i);
            file.update(b -> b.with(Entry.of(o, OWNER, NOW)));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      writing.set(false);
      assertTrue(reader.get() > 0);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(writers * each, file.read().orders().size(), "no publication lost");
  }

  private static AppOrder app(int n) {
    return new AppOrder(OrderbookTest.APP, BigInteger.valueOf(n), BigInteger.TEN, ZERO_BYTES32, ZERO_ADDRESS,
        ZERO_ADDRESS, ZERO_ADDRESS, salt(n), "0x");
  }

  private static String salt(int n) {
    return String.format("0x%064x", n);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
