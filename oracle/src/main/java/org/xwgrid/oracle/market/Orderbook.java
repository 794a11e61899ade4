package org.xwgrid.oracle.market;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.xwgrid.oracle.chain.AppOrder;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.chain.DatasetOrder;
import org.xwgrid.oracle.chain.Eip712;
import org.xwgrid.oracle.chain.RequestOrder;
import org.xwgrid.oracle.chain.WorkerpoolOrder;

/**
 * The published signed orders of one hub (there is no marketplace server: an orderbook is a file
 * that publishers and requesters share), keyed by each order's EIP-712 hash in that hub's domain,
 * in the order they were published. Immutable and pure: it knows nothing of the chain, so what an
 * order has left (its volume less what the hub consumed) is given to {@link #select} by the caller.
 */
public record Orderbook(long chainId, String hub, Map<String, Entry> orders) {

  /** The four kinds of iExec order. */
  public enum Kind {
    @JsonProperty("app") APP,
    @JsonProperty("dataset") DATASET,
    @JsonProperty("workerpool") WORKERPOOL,
    @JsonProperty("request") REQUEST;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One published order: exactly one of the four orders is set, the one of its {@code kind};
   * {@code signer} is who signed it (the owner of its app, dataset or workerpool, or the
   * requester), {@code cancelled} whether its owner closed it on chain since.
   */
  public record Entry(
      Kind kind,
      String signer,
      Instant published,
      boolean cancelled,
      AppOrder app,
      DatasetOrder dataset,
      WorkerpoolOrder workerpool,
      RequestOrder request) {

    public Entry {
      if (kind == null) {
        throw new IllegalArgumentException("an orderbook entry needs its kind");
      }
      signer = ChainValues.address("signer", signer);
      int set = (app != null ? 1 : 0) + (dataset != null ? 1 : 0) + (workerpool != null ? 1 : 0) + (request != null ? 1 : 0);
      Object order = switch (kind) {
        case APP -> app;
        case DATASET -> dataset;
        case WORKERPOOL -> workerpool;
        case REQUEST -> request;
      };
      if (set != 1 || order == null) {
        throw new IllegalArgumentException("an orderbook entry holds exactly one order, its " + kind.label() + " order");
      }
    }

    public static Entry of(AppOrder o, String signer, Instant published) {
      return new Entry(Kind.APP, signer, published, false, o, null, null, null);
    }

    public static Entry of(DatasetOrder o, String signer, Instant published) {
      return new Entry(Kind.DATASET, signer, published, false, null, o, null, null);
    }

    public static Entry of(WorkerpoolOrder o, String signer, Instant published) {
      return new Entry(Kind.WORKERPOOL, signer, published, false, null, null, o, null);
    }

    public static Entry of(RequestOrder o, String signer, Instant published) {
      return new Entry(Kind.REQUEST, signer, published, false, null, null, null, o);
    }

    Entry asCancelled() {
      return new Entry(kind, signer, published, true, app, dataset, workerpool, request);
    }

    /** The order's hash in {@code domain}. */
    public String hash(Eip712 domain) {
      return switch (kind) {
        case APP -> domain.hash(app);
        case DATASET -> domain.hash(dataset);
        case WORKERPOOL -> domain.hash(workerpool);
        case REQUEST -> domain.hash(request);
      };
    }

    /** The app, dataset or workerpool it offers; a request's app. */
    @JsonIgnore
    public String resource() {
      return switch (kind) {
        case APP -> app.app();
        case DATASET -> dataset.dataset();
        case WORKERPOOL -> workerpool.workerpool();
        case REQUEST -> request.app();
      };
    }

    /** Its price per task (a request's: the most it pays for app, dataset and workerpool together). */
    @JsonIgnore
    public BigInteger price() {
      return switch (kind) {
        case APP -> app.appprice();
        case DATASET -> dataset.datasetprice();
        case WORKERPOOL -> workerpool.workerpoolprice();
        case REQUEST -> request.appmaxprice().add(request.datasetmaxprice()).add(request.workerpoolmaxprice());
      };
    }

    @JsonIgnore
    public BigInteger volume() {
      return switch (kind) {
        case APP -> app.volume();
        case DATASET -> dataset.volume();
        case WORKERPOOL -> workerpool.volume();
        case REQUEST -> request.volume();
      };
    }
  }

  /**
   * What a requester asks for: {@code volume} tasks of {@code app} in {@code category} certified at
   * {@code trust}, needing the tag bits of {@code tag}, optionally only from {@code workerpool}
   * (null: any) and for at most {@code maxPrice} per task, app and workerpool together (null: any).
   */
  public record Demand(
      String app, String requester, BigInteger category, BigInteger trust, String tag, BigInteger volume,
      String workerpool, BigInteger maxPrice) {
    public Demand {
      app = ChainValues.address("app", app);
      requester = ChainValues.address("requester", requester);
      category = ChainValues.uint256("category", category);
      trust = ChainValues.uint256("trust", trust);
      tag = ChainValues.bytes32("tag", tag);
      volume = ChainValues.uint256("volume", volume);
      if (volume.signum() == 0) {
        throw new IllegalArgumentException("volume must be at least 1 task");
      }
      workerpool = workerpool == null ? null : ChainValues.address("workerpool", workerpool);
      maxPrice = maxPrice == null ? null : ChainValues.uint256("max price", maxPrice);
    }
  }

  /** The app order and workerpool order chosen for a demand, with their hashes. */
  public record Match(String appHash, AppOrder app, String workerpoolHash, WorkerpoolOrder workerpool) {
    /** What one task costs the requester: app price + workerpool price. */
    public BigInteger pricePerTask() {
      return app.appprice().add(workerpool.workerpoolprice());
    }
  }

  /** No published orders can serve a demand; the message says what each candidate lacks. */
  public static final class NoMatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NoMatchException(String message) {
      super(message);
    }
  }

  public Orderbook {
    hub = ChainValues.address("hub", hub);
    Map<String, Entry> copy = new LinkedHashMap<>();
    if (orders != null) {
      orders.forEach((hash, entry) -> copy.put(ChainValues.bytes32("order hash", hash), entry));
    }
    orders = Collections.unmodifiableMap(copy);
  }

  /** An empty orderbook of the hub at {@code hub} on chain {@code chainId}. */
  public static Orderbook empty(long chainId, String hub) {
    return new Orderbook(chainId, hub, Map.of());
  }

  /** The EIP-712 domain the orders' hashes are computed in. */
  @JsonIgnore
  public Eip712 domain() {
    return new Eip712(chainId, hub);
  }

  /**
   * Refuses an orderbook whose keys are not the hashes of their orders (edited by hand, or written
   * for another hub) or that belongs to another deployment than {@code chainId}/{@code hub}.
   */
  public Orderbook checked(long expectedChainId, String expectedHub) {
    if (chainId != expectedChainId || !hub.equals(ChainValues.address("hub", expectedHub))) {
      throw new IllegalArgumentException("the orderbook is for the hub " + hub + " on chain " + chainId
          + ", not for " + expectedHub.toLowerCase(java.util.Locale.ROOT) + " on chain " + expectedChainId);
    }
    Eip712 domain = domain();
    orders.forEach((hash, entry) -> {
      String actual = entry.hash(domain);
      if (!actual.equals(hash)) {
        throw new IllegalArgumentException("the orderbook's entry " + hash + " holds an order whose hash is " + actual);
      }
    });
    return this;
  }

  /** This orderbook with {@code entry} published, keyed by its hash; refuses an order published already. */
  public Orderbook with(Entry entry) {
    String hash = entry.hash(domain());
    if (orders.containsKey(hash)) {
      throw new IllegalArgumentException("the order " + hash + " is in the orderbook already");
    }
    Map<String, Entry> next = new LinkedHashMap<>(orders);
    next.put(hash, entry);
    return new Orderbook(chainId, hub, next);
  }

  /** This orderbook with the order {@code hash} marked cancelled. */
  public Orderbook cancelled(String hash) {
    String key = ChainValues.bytes32("order hash", hash);
    Entry entry = orders.get(key);
    if (entry == null) {
      throw new IllegalArgumentException("no order " + key + " in the orderbook");
    }
    Map<String, Entry> next = new LinkedHashMap<>(orders);
    next.put(key, entry.asCancelled());
    return new Orderbook(chainId, hub, next);
  }

  public Optional<Entry> get(String hash) {
    return Optional.ofNullable(orders.get(ChainValues.bytes32("order hash", hash)));
  }

  /**
   * The cheapest (app price + workerpool price) pair of an app order and a workerpool order that
   * can serve {@code demand} together, each with at least the demand's volume left
   * ({@code remaining} gives what an order hash has left on chain); among pairs of one price, the
   * earliest published. Throws {@link NoMatchException} naming what each candidate lacks.
   */
  public Match select(Demand demand, Function<String, BigInteger> remaining) {
    List<String> appReasons = new ArrayList<>();
    List<Map.Entry<String, AppOrder>> apps = new ArrayList<>();
    for (Map.Entry<String, Entry> e : orders.entrySet()) {
      if (e.getValue().kind() == Kind.APP && e.getValue().app().app().equals(demand.app())) {
        String why = unfit(e.getValue(), e.getKey(), demand, remaining);
        if (why == null) {
          apps.add(Map.entry(e.getKey(), e.getValue().app()));
        } else {
          appReasons.add(why);
        }
      }
    }
    if (apps.isEmpty()) {
      throw new NoMatchException("no usable app order for the app " + demand.app() + " in the orderbook"
          + (appReasons.isEmpty() ? " (none published)" : ": " + String.join("; ", appReasons)));
    }
    List<String> poolReasons = new ArrayList<>();
    List<Map.Entry<String, WorkerpoolOrder>> pools = new ArrayList<>();
    for (Map.Entry<String, Entry> e : orders.entrySet()) {
      if (e.getValue().kind() == Kind.WORKERPOOL) {
        String why = unfit(e.getValue(), e.getKey(), demand, remaining);
        if (why == null) {
          pools.add(Map.entry(e.getKey(), e.getValue().workerpool()));
        } else {
          poolReasons.add(why);
        }
      }
    }
    List<Match> pairs = new ArrayList<>();
    for (Map.Entry<String, AppOrder> a : apps) {
      for (Map.Entry<String, WorkerpoolOrder> w : pools) {
        AppOrder app = a.getValue();
        WorkerpoolOrder pool = w.getValue();
        Match m = new Match(a.getKey(), app, w.getKey(), pool);
        String tag = or(app.tag(), demand.tag());
        if (!allows(app.workerpoolrestrict(), pool.workerpool())) {
          poolReasons.add(shortHash(w.getKey()) + ": the app order " + shortHash(a.getKey()) + " is restricted to the workerpool " + app.workerpoolrestrict());
        } else if (!covers(pool.tag(), tag)) {
          poolReasons.add(shortHash(w.getKey()) + ": offers the tag " + pool.tag() + ", not all of " + tag);
        } else if (demand.maxPrice() != null && m.pricePerTask().compareTo(demand.maxPrice()) > 0) {
          poolReasons.add(shortHash(w.getKey()) + ": with the app order " + shortHash(a.getKey()) + " a task costs "
              + m.pricePerTask() + " > --max-price " + demand.maxPrice());
        } else {
          pairs.add(m);
        }
      }
    }
    return pairs.stream()
        .min(Comparator.comparing(Match::pricePerTask))
        .orElseThrow(() -> new NoMatchException("no usable workerpool order for " + demand.volume() + " task(s) in category "
            + demand.category() + " at trust " + demand.trust() + " in the orderbook"
            + (poolReasons.isEmpty() ? " (none published)" : ": " + String.join("; ", poolReasons))));
  }

  /** Why an app or workerpool order cannot serve the demand on its own, or null if it can. */
  private static String unfit(Entry e, String hash, Demand d, Function<String, BigInteger> remaining) {
    String h = shortHash(hash);
    if (e.cancelled()) {
      return h + ": cancelled";
    }
    if (e.kind() == Kind.APP) {
      AppOrder a = e.app();
      if (!allows(a.requesterrestrict(), d.requester())) {
        return h + ": restricted to the requester " + a.requesterrestrict();
      }
      if (!ChainValues.ZERO_ADDRESS.equals(a.datasetrestrict())) {
        return h + ": restricted to the dataset " + a.datasetrestrict();
      }
      if (d.workerpool() != null && !allows(a.workerpoolrestrict(), d.workerpool())) {
        return h + ": restricted to the workerpool " + a.workerpoolrestrict();
      }
      if (teeBit(d.tag()) && !teeBit(a.tag())) {
        return h + ": the app does not declare the TEE tag bit";
      }
      if (d.maxPrice() != null && a.appprice().compareTo(d.maxPrice()) > 0) {
        return h + ": price " + a.appprice() + " > --max-price " + d.maxPrice();
      }
    } else {
      WorkerpoolOrder w = e.workerpool();
      if (d.workerpool() != null && !d.workerpool().equals(w.workerpool())) {
        return h + ": another workerpool (" + w.workerpool() + ")";
      }
      if (!w.category().equals(d.category())) {
        return h + ": category " + w.category() + ", not " + d.category();
      }
      if (w.trust().compareTo(d.trust()) < 0) {
        return h + ": trust up to " + w.trust() + " < " + d.trust();
      }
      if (!allows(w.apprestrict(), d.app())) {
        return h + ": restricted to the app " + w.apprestrict();
      }
      if (!ChainValues.ZERO_ADDRESS.equals(w.datasetrestrict())) {
        return h + ": restricted to the dataset " + w.datasetrestrict();
      }
      if (!allows(w.requesterrestrict(), d.requester())) {
        return h + ": restricted to the requester " + w.requesterrestrict();
      }
    }
    BigInteger left = remaining.apply(hash);
    if (left.compareTo(d.volume()) < 0) {
      return h + ": " + left + " task(s) left, " + d.volume() + " wanted";
    }
    return null;
  }

  /** {@code 0x1234abcd…}: enough of a hash to name it in a message. */
  public static String shortHash(String hash) {
    return hash.length() > 10 ? hash.substring(0, 10) + "…" : hash;
  }

  private static boolean allows(String restriction, String candidate) {
    return ChainValues.ZERO_ADDRESS.equals(restriction) || restriction.equals(candidate);
  }

  private static String or(String a, String b) {
    String hex = bits(a).or(bits(b)).toString(16);
    return "0x" + "0".repeat(64 - hex.length()) + hex;
  }

  private static boolean covers(String offered, String needed) {
    return bits(needed).andNot(bits(offered)).signum() == 0;
  }

  private static boolean teeBit(String tag) {
    return bits(tag).testBit(0);
  }

  private static BigInteger bits(String bytes32) {
    return new BigInteger(1, ChainValues.toBytes(bytes32));
  }
}
