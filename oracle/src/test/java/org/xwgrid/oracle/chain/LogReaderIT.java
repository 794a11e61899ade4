package org.xwgrid.oracle.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwgrid.oracle.follow.HubEvent;
import org.xwgrid.oracle.follow.LogCursor;
import org.xwgrid.oracle.follow.LogReader;

/**
 * The oracle's log reading on a real anvil: a matched deal's SchedulerNotice and its task's
 * TaskInitialize are read once each by walking the chain in small ranges behind a confirmation
 * depth, and a range read again gives the same events.
 */
class LogReaderIT {
  private static TestingChain chain;

  @BeforeAll
  static void startChain() {
    chain = TestingChain.start();
  }

  @AfterAll
  static void stopChain() {
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  void shouldReadEachHubEventOnceBehindTheConfirmationDepth() throws Exception {
    String app = chain.appOwner.createApp("vanitygen", "NATIVE",
        "xw://apps/vanitygen".getBytes(StandardCharsets.UTF_8), TestingChain.digest("vanitygen package"));
    String pool = chain.scheduler.createWorkerpool("log reader pool");
    HubService.Deal deal = chain.match(
        chain.appOrder(app, 1, 10), DatasetOrder.none(), chain.workerpoolOrder(pool, 10, 10, 0, 10),
        chain.requestOrder(app, 1, pool, 10, 1, 0, 5, "--n=1"));
    chain.initialize(deal.dealId(), 0);
    String taskId = HubService.taskId(deal.dealId(), 0);

    LogReader reader = new LogReader(chain.anvil.web3j(), chain.deployment.hub());
    long head = reader.head().toCompletableFuture().get();
    LogCursor cursor = new LogCursor(0, 1, 3);
    List<HubEvent> events = new ArrayList<>();
    for (Optional<LogCursor.Range> r = cursor.rangeAt(head); r.isPresent(); r = cursor.rangeAt(head)) {
      events.addAll(reader.read(r.get()).toCompletableFuture().get());
      assertEquals(reader.read(r.get()).toCompletableFuture().get(), reader.read(r.get()).toCompletableFuture().get(), "a range read again gives the same");
      cursor = cursor.after(r.get());
    }
    assertEquals(head, cursor.next(), "the head block waits for one more confirmation");
    List<HubEvent.SchedulerNotice> notices =
        events.stream().filter(e -> e instanceof HubEvent.SchedulerNotice).map(e -> (HubEvent.SchedulerNotice) e).toList();
    assertEquals(1, notices.size(), events.toString());
    assertEquals(pool.toLowerCase(), notices.get(0).workerpool());
    assertEquals(deal.dealId(), notices.get(0).dealId());

    // the head block, once confirmed, holds the initialization
    chain.anvil.mine();
    long later = reader.head().toCompletableFuture().get();
    List<HubEvent> last = reader.read(cursor.rangeAt(later).orElseThrow()).toCompletableFuture().get();
    assertTrue(last.stream().anyMatch(e -> e instanceof HubEvent.TaskInitialize t && t.taskId().equals(taskId)), last.toString());
  }
}
