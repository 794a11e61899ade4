package org.xwgrid.oracle.market;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.web3j.utils.Numeric;
import org.xwgrid.oracle.chain.AppOrder;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.chain.DatasetOrder;
import org.xwgrid.oracle.chain.Eip712;
import org.xwgrid.oracle.chain.HubService;
import org.xwgrid.oracle.chain.RequestOrder;
import org.xwgrid.oracle.chain.WorkerpoolOrder;
import org.xwgrid.oracle.contracts.AppRegistry;
import org.xwgrid.oracle.contracts.XwHub;
import org.xwgrid.oracle.market.Orderbook.Entry;

/**
 * The marketplace without a server: one account ({@link HubService}'s sender) publishing its
 * signed orders to a shared {@link OrderbookFile} and presigning them on chain, cancelling them,
 * and buying tasks by matching published app and workerpool orders with a request order of its
 * own. Reads deals and tasks as {@link DealView} and {@link TaskView}. Blocking, for the command
 * line; every refusal comes before anything is sent or written.
 */
public final class MarketService {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HubService hub;
  private final OrderbookFile book;
  private final Clock clock;

  public MarketService(HubService hub, OrderbookFile book, Clock clock) {
    this.hub = hub;
    this.book = book;
    this.clock = clock;
  }

  public HubService hub() {
    return hub;
  }

  public OrderbookFile orderbook() {
    return book;
  }

  /** A fresh random bytes32 salt, so that two orders of the same terms have different hashes. */
  public static String salt() {
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    return Numeric.toHexString(salt);
  }

  // ───────────────────────── publishing ─────────────────────────

  /** Signs, presigns and publishes an order of an app the sender owns; returns its hash. */
  public String publish(AppOrder order) throws IOException {
    requireOwner("app", order.app(), HubService.call(hub.apps().ownerOf(order.app())));
    AppOrder signed = hub.eip712().sign(order, hub.credentials());
    return publish(Entry.of(signed, hub.address(), clock.instant()));
  }

  public String publish(DatasetOrder order) throws IOException {
    requireOwner("dataset", order.dataset(), HubService.call(hub.datasets().ownerOf(order.dataset())));
    DatasetOrder signed = hub.eip712().sign(order, hub.credentials());
    return publish(Entry.of(signed, hub.address(), clock.instant()));
  }

  public String publish(WorkerpoolOrder order) throws IOException {
    requireOwner("workerpool", order.workerpool(), HubService.call(hub.workerpools().ownerOf(order.workerpool())));
    WorkerpoolOrder signed = hub.eip712().sign(order, hub.credentials());
    return publish(Entry.of(signed, hub.address(), clock.instant()));
  }

  /** Publishes a request order of the sender's (its requester must be the sender). */
  public String publish(RequestOrder order) throws IOException {
    if (!order.requester().equals(me())) {
      throw new IllegalArgumentException("a request order's requester is its signer, " + me() + ", not " + order.requester());
    }
    RequestOrder signed = hub.eip712().sign(order, hub.credentials());
    return publish(Entry.of(signed, hub.address(), clock.instant()));
  }

  /** Checks the orderbook takes it, presigns it on chain, then writes it into the orderbook. */
  private String publish(Entry entry) throws IOException {
    book.read().with(entry);
    manage(entry, Eip712.Operation.SIGN);
    book.update(b -> b.with(entry));
    return entry.hash(hub.eip712());
  }

  /**
   * Cancels the published order {@code hash} on chain (the hub refuses anyone but its owner,
   * {@code NotOrderOwner}) and marks it cancelled in the orderbook.
   */
  public Entry cancel(String hash) throws IOException {
    Entry entry = book.read().get(hash)
        .orElseThrow(() -> new IllegalArgumentException("no order " + hash + " in the orderbook " + book.path()));
    manage(entry, Eip712.Operation.CLOSE);
    return book.update(b -> b.cancelled(hash)).get(hash).orElseThrow();
  }

  private void manage(Entry e, Eip712.Operation op) {
    switch (e.kind()) {
      case APP -> hub.manage(e.app(), op);
      case DATASET -> hub.manage(e.dataset(), op);
      case WORKERPOOL -> hub.manage(e.workerpool(), op);
      case REQUEST -> hub.manage(e.request(), op);
    }
  }

  private void requireOwner(String what, String id, String owner) {
    String o = ChainValues.address("owner", owner);
    if (ChainValues.ZERO_ADDRESS.equals(o)) {
      throw new IllegalArgumentException(id + " is not a registered " + what);
    }
    if (!o.equals(me())) {
      throw new IllegalArgumentException("you (" + me() + ") do not own the " + what + " " + id + ": its owner is " + o);
    }
  }

  private String me() {
    return ChainValues.address("sender", hub.address());
  }

  // ───────────────────────── reading the orderbook ─────────────────────────

  /** A published order with what it has left on chain (in JSON: hash, status, remaining, then the entry's fields). */
  @JsonPropertyOrder({"hash", "status", "remaining"})
  public record Listed(String hash, @JsonUnwrapped Entry entry, BigInteger remaining) {
    /** {@code cancelled}, {@code consumed} (nothing left), or {@code open}. */
    @JsonProperty
    public String status() {
      return entry.cancelled() ? "cancelled" : remaining.signum() == 0 ? "consumed" : "open";
    }
  }

  /** What the order {@code hash} (an order of the orderbook) has left: its volume less what the hub consumed. */
  public BigInteger remaining(String hash, Entry entry) {
    return entry.volume().subtract(hub.consumed(hash)).max(BigInteger.ZERO);
  }

  /** The orderbook's orders that pass {@code filter}, in publication order, with what they have left. */
  public List<Listed> list(Predicate<Entry> filter) throws IOException {
    List<Listed> listed = new ArrayList<>();
    for (Map.Entry<String, Entry> e : book.read().orders().entrySet()) {
      if (filter.test(e.getValue())) {
        listed.add(new Listed(e.getKey(), e.getValue(), remaining(e.getKey(), e.getValue())));
      }
    }
    return listed;
  }

  public Listed show(String hash) throws IOException {
    Entry entry = book.read().get(hash)
        .orElseThrow(() -> new IllegalArgumentException("no order " + hash + " in the orderbook " + book.path()));
    String key = ChainValues.bytes32("order hash", hash);
    return new Listed(key, entry, remaining(key, entry));
  }

  /**
   * An app's address from its address (which must be registered) or from its registered name,
   * looked up among the apps that have orders in the orderbook (the registry cannot be searched
   * by name); refuses an unknown name and a name that several apps bear.
   */
  public String resolveApp(String addressOrName) throws IOException {
    if (addressOrName.matches("0[xX][0-9a-fA-F]{40}")) {
      String app = ChainValues.address("app", addressOrName);
      if (!HubService.call(hub.apps().isRegistered(app))) {
        throw new IllegalArgumentException("no app " + app + " in the app registry");
      }
      return app;
    }
    Set<String> published = new LinkedHashSet<>();
    for (Entry e : book.read().orders().values()) {
      if (e.kind() == Orderbook.Kind.APP || e.kind() == Orderbook.Kind.REQUEST) {
        published.add(e.resource());
      }
    }
    Map<String, String> named = new LinkedHashMap<>();
    for (String app : published) {
      if (HubService.call(hub.apps().isRegistered(app))) {
        AppRegistry.App entry = HubService.call(hub.apps().viewApp(app));
        if (addressOrName.equals(entry.name)) {
          named.put(app, entry.owner.toLowerCase(Locale.ROOT));
        }
      }
    }
    if (named.isEmpty()) {
      throw new IllegalArgumentException("no app named \"" + addressOrName + "\" has orders in the orderbook "
          + book.path() + " (give the app's address)");
    }
    if (named.size() > 1) {
      List<String> which = new ArrayList<>();
      named.forEach((app, owner) -> which.add(app + " (owner " + owner + ")"));
      throw new IllegalArgumentException("\"" + addressOrName + "\" names " + named.size() + " apps: "
          + String.join(", ", which) + "; give the app's address");
    }
    return named.keySet().iterator().next();
  }

  // ───────────────────────── buying ─────────────────────────

  /** A request matched: the orders chosen, the signed request, the deal. */
  public record Bought(Orderbook.Match match, RequestOrder request, HubService.Deal deal) {}

  /**
   * Buys {@code demand}: picks the cheapest app and workerpool orders of the orderbook that serve
   * it, checks that the sender's free escrow covers their prices × volume, signs a request order
   * (requester and beneficiary the sender, max prices the demand's max price or else the orders'
   * prices, no callback) and matches the three. Refuses before sending anything when the orderbook
   * has no fitting orders or the escrow is short.
   */
  public Bought buy(Orderbook.Demand demand, String params) throws IOException {
    if (!demand.requester().equals(me())) {
      throw new IllegalArgumentException("the requester is the signer, " + me());
    }
    Orderbook current = book.read();
    Orderbook.Match match = current.select(demand, h -> remaining(h, current.get(h).orElseThrow()));
    BigInteger cost = match.pricePerTask().multiply(demand.volume());
    XwHub.Account account = hub.account(me());
    if (account.stake.compareTo(cost) < 0) {
      BigInteger missing = cost.subtract(account.stake);
      throw new IllegalArgumentException("your escrow has " + account.stake + " free tokens; " + demand.volume()
          + " task(s) at " + match.pricePerTask() + " (app " + match.app().appprice() + " + workerpool "
          + match.workerpool().workerpoolprice() + ") need " + cost + ": deposit " + missing
          + " more (xw chain wallet deposit " + missing + "); nothing was sent");
    }
    BigInteger appMax = demand.maxPrice() != null ? demand.maxPrice() : match.app().appprice();
    BigInteger poolMax = demand.maxPrice() != null ? demand.maxPrice() : match.workerpool().workerpoolprice();
    RequestOrder request = hub.eip712().sign(new RequestOrder(
        demand.app(), appMax, ChainValues.ZERO_ADDRESS, BigInteger.ZERO, match.workerpool().workerpool(), poolMax,
        me(), demand.volume(), demand.tag(), demand.category(), demand.trust(), me(), ChainValues.ZERO_ADDRESS,
        params, salt(), "0x"), hub.credentials());
    HubService.Deal deal = hub.matchOrders(match.app(), DatasetOrder.none(), match.workerpool(), request);
    return new Bought(match, request, deal);
  }

  // ───────────────────────── deals and tasks ─────────────────────────

  /** The deal {@code dealId} and each of its tasks; refuses a deal the hub does not know. */
  public DealView deal(String dealId) {
    XwHub.Deal deal = hub.deal(dealId);
    if (!DealView.exists(deal)) {
      throw new IllegalArgumentException("no deal " + dealId + " on the hub " + hub.deployment().hub());
    }
    List<TaskView> tasks = new ArrayList<>();
    long first = deal.botFirst.longValueExact();
    for (long i = 0; i < deal.botSize.longValueExact(); i++) {
      String taskId = HubService.taskId(dealId, first + i);
      tasks.add(TaskView.of(taskId, ChainValues.bytes32("deal id", dealId), first + i, hub.task(taskId)));
    }
    return DealView.of(dealId, deal, tasks);
  }

  public TaskView task(String taskId) {
    return TaskView.of(taskId, hub.task(taskId));
  }

  /** When the deal's tasks fail if unfinished: its start + 10 × its category's period. */
  public BigInteger finalDeadline(DealView deal) {
    XwHub.Category c = HubService.call(hub.hub().viewCategory(deal.category()));
    return deal.startTime().add(c.workClockTimeRef.multiply(BigInteger.TEN));
  }

  /**
   * Fails the task {@code taskId} past its final deadline and refunds its requester (anyone may;
   * the hub refuses before the deadline, {@code FinalDeadlineNotPassed}). A task nobody
   * initialized needs its deal's id: it is then initialized and claimed at once.
   */
  public TaskView claim(String taskId, String dealId) {
    TaskView task = task(taskId);
    if (task.status() == TaskView.Status.UNSET) {
      if (dealId == null) {
        throw new IllegalArgumentException("the task " + taskId + " was never initialized: give its deal (--deal DEALID)"
            + " to initialize and claim it at once");
      }
      XwHub.Deal deal = hub.deal(dealId);
      long first = deal.botFirst.longValueExact();
      long index = -1;
      for (long i = first; i < first + deal.botSize.longValueExact() && index < 0; i++) {
        if (HubService.taskId(dealId, i).equals(task.taskId())) {
          index = i;
        }
      }
      if (index < 0) {
        throw new IllegalArgumentException("the task " + taskId + " is not a task of the deal " + dealId);
      }
      hub.initializeAndClaim(dealId, index);
    } else {
      hub.claim(taskId);
    }
    return task(taskId);
  }
}
