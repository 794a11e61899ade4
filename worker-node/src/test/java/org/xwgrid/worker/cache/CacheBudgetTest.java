package org.xwgrid.worker.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheBudgetTest {
  private final List<String> deleted = Collections.synchronizedList(new ArrayList<>());
  private final List<String> purged = Collections.synchronizedList(new ArrayList<>());

  private CacheBudget budget(long max) {
    CacheBudget b = CacheBudget.create(max);
    b.attach(
        CacheKey.Kind.BLOB,
        sha -> {
          deleted.add(sha);
          return () -> purged.add(sha);
        });
    b.attach(CacheKey.Kind.APP, sha -> {
      deleted.add("app " + sha);
      return null;
    });
    return b;
  }

  private static CacheKey blob(String name) {
    return CacheKey.blob(name);
  }

  @Test
  void shouldEvictTheLeastRecentlyUsedFirst() {
    CacheBudget b = budget(30);
    b.add(blob("a"), 10);
    b.add(blob("b"), 10);
    b.add(blob("c"), 10);
    b.enforce();
    assertEquals(List.of(), deleted, "within the limit");
    b.add(blob("d"), 10);
    b.enforce();
    assertEquals(List.of("a"), deleted);
    assertEquals(List.of("a"), purged, "what the deleter left to do is done too");
    assertEquals(30, b.total());
  }

  @Test
  void shouldOrderByLastUseWhenEntriesAreTouched() {
    CacheBudget b = budget(30);
    b.add(blob("a"), 10);
    b.add(blob("b"), 10);
    b.add(blob("c"), 10);
    b.touch(blob("a"));
    assertTrue(b.pin(blob("b")), "a pin of a present entry is a hit");
    b.unpin(blob("b"));
    assertEquals(List.of(blob("c"), blob("a"), blob("b")), b.leastRecentlyUsedFirst());
    b.add(blob("d"), 15);
    b.enforce();
    assertEquals(List.of("c", "a"), deleted);
    assertEquals(25, b.total());
  }

  @Test
  void shouldNeverBeAboveTheLimitAfterAFillWhenNothingIsPinned() {
    CacheBudget b = budget(1000);
    Random r = new Random(42);
    for (int i = 0; i < 500; i++) {
      CacheKey k = r.nextBoolean() ? CacheKey.blob("b" + r.nextInt(40)) : CacheKey.app("a" + r.nextInt(40));
      if (b.contains(k)) {
        b.touch(k);
      } else {
        b.add(k, 1 + r.nextInt(300));
        b.enforce();
      }
      assertTrue(b.total() <= 1000, "total " + b.total() + " after step " + i);
    }
    assertTrue(deleted.stream().anyMatch(s -> s.startsWith("app ")), "both kinds are evicted");
  }

  @Test
  void shouldKeepPinnedEntriesAndStayOverTheLimitUntilTheyAreUnpinned() {
    CacheBudget b = budget(20);
    b.add(blob("a"), 10);
    assertTrue(b.pin(blob("a")));
    assertFalse(b.pin(blob("big")), "a download under way is pinned before it lands");
    b.add(blob("big"), 25);
    b.enforce();
    assertEquals(List.of(), deleted, "both are pinned");
    assertEquals(35, b.total());
    assertFalse(b.evictOne(), "nothing can go, not even for disk space");

    assertTrue(b.unpin(blob("big")), "over the limit: worth enforcing");
    b.enforce();
    assertEquals(List.of("big"), deleted, "the unpinned one goes, though it is newer");
    assertEquals(10, b.total());
    assertFalse(b.unpin(blob("a")), "within the limit");
    assertThrows(IllegalStateException.class, () -> b.unpin(blob("a")));
  }

  @Test
  void shouldCountAPinOncePerHolder() {
    CacheBudget b = budget(5);
    b.add(blob("a"), 10);
    b.pin(blob("a"));
    b.pin(blob("a"));
    b.unpin(blob("a"));
    b.enforce();
    assertTrue(b.contains(blob("a")), "still pinned once");
    b.unpin(blob("a"));
    b.enforce();
    assertFalse(b.contains(blob("a")));
  }

  @Test
  void shouldCountAnEntryFilledTwiceOnce() {
    CacheBudget b = budget(0);
    b.add(blob("a"), 10);
    b.add(blob("a"), 12);
    assertEquals(12, b.total());
    b.enforce();
    assertEquals(List.of(), deleted, "0 means unlimited");
  }

  @Test
  void shouldEvictOneForDiskSpaceWhateverTheLimit() {
    CacheBudget b = budget(0);
    b.add(blob("a"), 10);
    b.add(CacheKey.app("x"), 10);
    assertTrue(b.evictOne());
    assertEquals(List.of("a"), deleted);
    assertTrue(b.evictOne());
    assertEquals(List.of("a", "app x"), deleted);
    assertFalse(b.evictOne());
  }

  @Test
  void shouldSkipAnEntryItCannotDelete() {
    CacheBudget b = CacheBudget.create(15);
    b.attach(
        CacheKey.Kind.BLOB,
        sha -> {
          if (sha.equals("stuck")) {
            throw new IOException("permission denied");
          }
          deleted.add(sha);
          return null;
        });
    b.add(blob("stuck"), 10);
    b.add(blob("b"), 10);
    b.add(blob("c"), 5);
    b.enforce();
    assertEquals(List.of("b"), deleted);
    assertTrue(b.contains(blob("stuck")), "kept, and still counted");
    assertEquals(15, b.total());
  }

  @Test
  void shouldRestoreEntriesInTheOrderOfTheirFileTimes() {
    CacheBudget b = budget(20);
    b.restore(blob("new"), 10, 3_000);
    b.restore(blob("old"), 10, 1_000);
    b.restore(CacheKey.app("mid"), 10, 2_000);
    b.restore(blob("old"), 99, 9_000);
    assertEquals(30, b.total(), "a known entry is not restored twice");
    b.enforce();
    assertEquals(List.of("old"), deleted);
    b.touch(CacheKey.app("mid"));
    b.add(blob("next"), 10);
    b.enforce();
    assertEquals(List.of("old", "new"), deleted, "touches and fills come after any file time");
    assertEquals(Set.of(CacheKey.app("mid"), blob("next")), Set.copyOf(b.leastRecentlyUsedFirst()));
  }

  @Test
  void shouldRefuseASecondCacheOfOneKindAndNegativeLimits() {
    CacheBudget b = budget(1);
    assertThrows(IllegalStateException.class, () -> b.attach(CacheKey.Kind.BLOB, sha -> null));
    assertThrows(IllegalArgumentException.class, () -> CacheBudget.create(-1));
  }
}
