package org.xwgrid.oracle.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xwgrid.oracle.chain.ChainValues.ZERO_ADDRESS;
import static org.xwgrid.oracle.chain.ChainValues.ZERO_BYTES32;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.xwgrid.oracle.chain.AppOrder;
import org.xwgrid.oracle.chain.RequestOrder;
import org.xwgrid.oracle.chain.WorkerpoolOrder;
import org.xwgrid.oracle.market.Orderbook.Demand;
import org.xwgrid.oracle.market.Orderbook.Entry;
import org.xwgrid.oracle.market.Orderbook.Match;
import org.xwgrid.oracle.market.Orderbook.NoMatchException;

class OrderbookTest {
  static final long CHAIN = 31337;
  static final String HUB = "0x9999999999999999999999999999999999999999";
  static final String APP = "0x1111111111111111111111111111111111111111";
  static final String OTHER_APP = "0x1212121212121212121212121212121212121212";
  static final String POOL = "0x3333333333333333333333333333333333333333";
  static final String OTHER_POOL = "0x3434343434343434343434343434343434343434";
  static final String REQUESTER = "0x4444444444444444444444444444444444444444";
  static final String SOMEONE = "0x5555555555555555555555555555555555555555";
  static final String OWNER = "0x6666666666666666666666666666666666666666";
  static final String TEE = "0x0000000000000000000000000000000000000000000000000000000000000001";
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private int salts;

  @Test
  void shouldKeyEntriesByTheirOrderHashInPublicationOrder() {
    AppOrder app = app(5);
    WorkerpoolOrder pool = pool(POOL, 100, 0, 5);
    Orderbook book = Orderbook.empty(CHAIN, HUB).with(Entry.of(app, OWNER, NOW)).with(Entry.of(pool, OWNER, NOW));

    assertEquals(2, book.orders().size());
    String appHash = book.domain().hash(app);
    assertEquals(appHash, book.orders().keySet().iterator().next());
    assertEquals(app, book.get(appHash).orElseThrow().app());
    assertEquals(book.domain().hash(pool), book.orders().keySet().stream().skip(1).findFirst().orElseThrow());
  }

  @Test
  void shouldRefuseAnOrderPublishedTwiceAndMarkACancelledOne() {
    AppOrder app = app(5);
    Orderbook book = Orderbook.empty(CHAIN, HUB).with(Entry.of(app, OWNER, NOW));
    String hash = book.domain().hash(app);

    assertThrows(IllegalArgumentException.class, () -> book.with(Entry.of(app, OWNER, NOW)));
    Orderbook cancelled = book.cancelled(hash);
    assertTrue(cancelled.get(hash).orElseThrow().cancelled());
    assertTrue(!book.get(hash).orElseThrow().cancelled(), "immutable: the old book is as it was");
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> book.cancelled(ZERO_BYTES32));
    assertTrue(unknown.getMessage().contains("no order"), unknown.getMessage());
  }

  @Test
  void shouldRefuseAnEntryWithoutItsOrderOrWithTwo() {
    AppOrder app = app(5);
    assertThrows(IllegalArgumentException.class,
        () -> new Entry(Orderbook.Kind.WORKERPOOL, OWNER, NOW, false, app, null, null, null));
    assertThrows(IllegalArgumentException.class,
        () -> new Entry(Orderbook.Kind.APP, OWNER, NOW, false, app, null, pool(POOL, 1, 1, 0, 1, ZERO_ADDRESS, ZERO_BYTES32), null));
  }

  @Test
  void shouldRefuseAnOrderbookOfAnotherHubOrWhoseKeysAreNotItsHashes() {
    AppOrder app = app(5);
    Orderbook book = Orderbook.empty(CHAIN, HUB).with(Entry.of(app, OWNER, NOW));
    assertEquals(book, book.checked(CHAIN, HUB));
    IllegalArgumentException otherChain = assertThrows(IllegalArgumentException.class, () -> book.checked(1, HUB));
    assertTrue(otherChain.getMessage().contains("on chain 31337"), otherChain.getMessage());
    assertThrows(IllegalArgumentException.class, () -> book.checked(CHAIN, SOMEONE));

    AppOrder tampered = app(1);
    Orderbook forged = new Orderbook(CHAIN, HUB, Map.of(book.domain().hash(app), Entry.of(tampered, OWNER, NOW)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> forged.checked(CHAIN, HUB));
    assertTrue(e.getMessage().contains("holds an order whose hash is"), e.getMessage());
  }

  // ───────────────────────── selection ─────────────────────────

  @Test
  void shouldPickTheCheapestFittingWorkerpoolOrderWithEnoughVolumeLeft() {
    AppOrder app = app(5);
    WorkerpoolOrder dear = pool(POOL, 300, 0, 10);
    WorkerpoolOrder cheapButExhausted = pool(POOL, 50, 0, 10);
    WorkerpoolOrder cheapButLowTrust = pool(POOL, 60, 0, 3);
    WorkerpoolOrder cheapOtherCategory = pool(POOL, 70, 1, 10);
    WorkerpoolOrder best = pool(OTHER_POOL, 100, 0, 5);
    WorkerpoolOrder sameButLater = pool(POOL, 100, 0, 5);
    Orderbook book = book(app, dear, cheapButExhausted, cheapButLowTrust, cheapOtherCategory, best, sameButLater);
    Map<String, BigInteger> left = new HashMap<>();
    left.put(book.domain().hash(cheapButExhausted), BigInteger.ONE);

    Match m = book.select(demand(APP, 0, 5, 2, null, null), remaining(book, left));

    assertEquals(app, m.app());
    assertEquals(best, m.workerpool(), "the cheapest fit; of two at one price, the earlier published");
    assertEquals(book.domain().hash(best), m.workerpoolHash());
    assertEquals(book.domain().hash(app), m.appHash());
    assertEquals(BigInteger.valueOf(105), m.pricePerTask());
  }

  @Test
  void shouldSayWhatEachWorkerpoolOrderLacksWhenNoneFits() {
    AppOrder app = app(5);
    WorkerpoolOrder lowTrust = pool(POOL, 60, 0, 3);
    WorkerpoolOrder otherCategory = pool(POOL, 70, 1, 10);
    WorkerpoolOrder exhausted = pool(POOL, 80, 0, 10);
    WorkerpoolOrder otherApp = pool(POOL, 80, 10, 0, 10, OTHER_APP, ZERO_BYTES32);
    WorkerpoolOrder cancelled = pool(POOL, 10, 0, 10);
    WorkerpoolOrder noTee = pool(POOL, 10, 0, 10);
    Orderbook book = book(app, lowTrust, otherCategory, exhausted, otherApp, cancelled, noTee)
        .cancelled(Orderbook.empty(CHAIN, HUB).domain().hash(cancelled));
    Map<String, BigInteger> left = new HashMap<>();
    left.put(book.domain().hash(exhausted), BigInteger.ZERO);
    Orderbook withTeeApp = book.with(Entry.of(app(APP, 5, 10, ZERO_ADDRESS, ZERO_ADDRESS, TEE), OWNER, NOW));

    NoMatchException e = assertThrows(NoMatchException.class,
        () -> withTeeApp.select(demand(APP, 0, 5, 1, null, null, TEE), remaining(withTeeApp, left)));

    String why = e.getMessage();
    assertTrue(why.startsWith("no usable workerpool order for 1 task(s) in category 0 at trust 5"), why);
    assertTrue(why.contains("trust up to 3 < 5"), why);
    assertTrue(why.contains("category 1, not 0"), why);
    assertTrue(why.contains("0 task(s) left, 1 wanted"), why);
    assertTrue(why.contains("restricted to the app " + OTHER_APP), why);
    assertTrue(why.contains("cancelled"), why);
    assertTrue(why.contains("offers the tag " + ZERO_BYTES32 + ", not all of " + TEE), why);
  }

  @Test
  void shouldRefuseWhenTheAppHasNoUsableOrder() {
    WorkerpoolOrder pool = pool(POOL, 100, 0, 5);
    NoMatchException none = assertThrows(NoMatchException.class,
        () -> book(pool).select(demand(APP, 0, 5, 1, null, null), h -> BigInteger.TEN));
    assertTrue(none.getMessage().contains("no usable app order for the app " + APP + " in the orderbook (none published)"),
        none.getMessage());

    AppOrder forSomeoneElse = app(APP, 5, 10, SOMEONE, ZERO_ADDRESS, ZERO_BYTES32);
    AppOrder forAnotherPool = app(APP, 5, 10, ZERO_ADDRESS, OTHER_POOL, ZERO_BYTES32);
    AppOrder tooDear = app(500);
    NoMatchException unfit = assertThrows(NoMatchException.class,
        () -> book(forSomeoneElse, forAnotherPool, tooDear, pool).select(demand(APP, 0, 5, 1, POOL, 200), h -> BigInteger.TEN));
    String why = unfit.getMessage();
    assertTrue(why.contains("restricted to the requester " + SOMEONE), why);
    assertTrue(why.contains("restricted to the workerpool " + OTHER_POOL), why);
    assertTrue(why.contains("price 500 > --max-price 200"), why);
  }

  @Test
  void shouldKeepTheTotalPriceUnderTheMaxPriceAndHonourTheAppsWorkerpoolRestriction() {
    AppOrder onlyOtherPool = app(APP, 1, 10, ZERO_ADDRESS, OTHER_POOL, ZERO_BYTES32);
    WorkerpoolOrder cheap = pool(POOL, 50, 0, 5);
    WorkerpoolOrder other = pool(OTHER_POOL, 150, 0, 5);
    Orderbook book = book(onlyOtherPool, cheap, other);

    assertEquals(other, book.select(demand(APP, 0, 5, 1, null, null), h -> BigInteger.TEN).workerpool());
    NoMatchException e = assertThrows(NoMatchException.class,
        () -> book.select(demand(APP, 0, 5, 1, null, 150), h -> BigInteger.TEN));
    assertTrue(e.getMessage().contains("a task costs 151 > --max-price 150"), e.getMessage());
    assertTrue(e.getMessage().contains("is restricted to the workerpool " + OTHER_POOL), e.getMessage());
  }

  @Test
  void shouldIgnoreRequestOrdersAndOtherAppsWhenSelecting() {
    AppOrder other = app(OTHER_APP, 1, 10, ZERO_ADDRESS, ZERO_ADDRESS, ZERO_BYTES32);
    AppOrder mine = app(7);
    WorkerpoolOrder pool = pool(POOL, 100, 0, 5);
    RequestOrder request = new RequestOrder(APP, BigInteger.ONE, ZERO_ADDRESS, BigInteger.ZERO, ZERO_ADDRESS,
        BigInteger.ONE, REQUESTER, BigInteger.ONE, ZERO_BYTES32, BigInteger.ZERO, BigInteger.ONE, REQUESTER,
        ZERO_ADDRESS, "", salt(), "0x");
    Orderbook book = book(other, pool).with(Entry.of(request, REQUESTER, NOW)).with(Entry.of(mine, OWNER, NOW));
    assertEquals(mine, book.select(demand(APP, 0, 5, 1, null, null), h -> BigInteger.TEN).app());
  }

  // ───────────────────────── helpers ─────────────────────────

  private Orderbook book(Object... orders) {
    Orderbook b = Orderbook.empty(CHAIN, HUB);
    for (Object o : orders) {
      b = b.with(o instanceof AppOrder a ? Entry.of(a, OWNER, NOW) : Entry.of((WorkerpoolOrder) o, OWNER, NOW));
    }
    return b;
  }

  /** What each order has left: its whole volume unless {@code left} says otherwise. */
  private static Function<String, BigInteger> remaining(Orderbook book, Map<String, BigInteger> left) {
    return h -> left.getOrDefault(h, book.get(h).orElseThrow().volume());
  }

  private static Demand demand(String app, long category, long trust, long volume, String pool, Integer maxPrice) {
    return demand(app, category, trust, volume, pool, maxPrice, ZERO_BYTES32);
  }

  private static Demand demand(String app, long category, long trust, long volume, String pool, Integer maxPrice, String tag) {
    return new Demand(app, REQUESTER, BigInteger.valueOf(category), BigInteger.valueOf(trust), tag,
        BigInteger.valueOf(volume), pool, maxPrice == null ? null : BigInteger.valueOf(maxPrice));
  }

  /** An app order of {@link #APP} for 10 tasks, unrestricted. */
  private AppOrder app(long price) {
    return app(APP, price, 10, ZERO_ADDRESS, ZERO_ADDRESS, ZERO_BYTES32);
  }

  /** A workerpool order for 10 tasks, unrestricted, without tag. */
  private WorkerpoolOrder pool(String pool, long price, long category, long trust) {
    return pool(pool, price, 10, category, trust, ZERO_ADDRESS, ZERO_BYTES32);
  }

  private AppOrder app(String app, long price, long volume, String requesterRestrict, String poolRestrict, String tag) {
    return new AppOrder(app, BigInteger.valueOf(price), BigInteger.valueOf(volume), tag, ZERO_ADDRESS, poolRestrict,
        requesterRestrict, salt(), "0x");
  }

  private WorkerpoolOrder pool(String pool, long price, long volume, long category, long trust, String appRestrict, String tag) {
    return new WorkerpoolOrder(pool, BigInteger.valueOf(price), BigInteger.valueOf(volume), tag,
        BigInteger.valueOf(category), BigInteger.valueOf(trust), appRestrict, ZERO_ADDRESS, ZERO_ADDRESS, salt(), "0x");
  }

  private String salt() {
    return String.format("0x%064x", ++salts);
  }
}
