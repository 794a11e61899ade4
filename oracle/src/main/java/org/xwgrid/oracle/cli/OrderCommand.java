package org.xwgrid.oracle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Predicate;
import org.xwgrid.oracle.chain.AppOrder;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.chain.DatasetOrder;
import org.xwgrid.oracle.chain.RequestOrder;
import org.xwgrid.oracle.chain.WorkerpoolOrder;
import org.xwgrid.oracle.market.MarketService;
import org.xwgrid.oracle.market.Orderbook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xw chain order publish|show|cancel}: signed orders in the orderbook file, with iExec v5's
 * fields. Publishing signs the order (EIP-712), presigns it on chain, and writes it into the
 * orderbook; cancelling closes it on chain and marks it cancelled.
 */
@Command(name = "order", mixinStandardHelpOptions = true,
    description = "Orders in the orderbook: publish (signed and presigned on chain), show, cancel.",
    subcommands = {OrderCommand.Publish.class, OrderCommand.Show.class, OrderCommand.Cancel.class})
final class OrderCommand extends GroupCommand {

  /** A tag on the command line: 0x and up to 64 hex digits (0x1: the TEE bit), made a bytes32. */
  static String tag(String value) {
    if (!value.matches("0[xX][0-9a-fA-F]{1,64}")) {
      throw new IllegalArgumentException("--tag must be 0x and 1 to 64 hex digits, not " + value);
    }
    String hex = value.substring(2);
    return ChainValues.bytes32("tag", "0x" + "0".repeat(64 - hex.length()) + hex);
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Signs an order, presigns it on chain and publishes it in the orderbook; prints its hash.",
      subcommands = {PublishApp.class, PublishDataset.class, PublishWorkerpool.class, PublishRequest.class})
  static final class Publish extends GroupCommand {}

  /** What every publish command takes, and how it publishes and prints. */
  abstract static class PublishCommand extends MarketCommand.WithOrderbook {
    @Option(names = "--volume", defaultValue = "1", description = "How many tasks it serves (default: ${DEFAULT-VALUE}).")
    BigInteger volume;

    @Option(names = "--tag", defaultValue = "0x0", description = "Required or offered tag bits, 0x + hex (0x1: TEE; default: none).")
    String tag;

    /** Builds the order (unsigned, salt random) for {@code signer} and publishes it; returns its hash. */
    abstract String publish(MarketService market, String signer) throws IOException;

    @Override
    public Integer call() {
      return signed(market -> {
        String hash = publish(market, market.hub().address());
        print(market.show(hash), out -> out.println(hash));
        return 0;
      });
    }
  }

  @Command(name = "app", mixinStandardHelpOptions = true, description = "Offers tasks of APP, an app you own, at --price each.")
  static final class PublishApp extends PublishCommand {
    @Parameters(index = "0", paramLabel = "APP", description = "The app's address.") String app;
    @Mixin OrderOptions.Price price;
    @Mixin OrderOptions.DatasetRestrict dataset;
    @Mixin OrderOptions.WorkerpoolRestrict workerpool;
    @Mixin OrderOptions.RequesterRestrict requester;

    @Override
    String publish(MarketService market, String signer) throws IOException {
      return market.publish(new AppOrder(app, price.value, volume, tag(tag), dataset.value, workerpool.value,
          requester.value, MarketService.salt(), "0x"));
    }
  }

  @Command(name = "dataset", mixinStandardHelpOptions = true, description = "Offers DATASET, a dataset you own, at --price per task.")
  static final class PublishDataset extends PublishCommand {
    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset's address.") String dataset;
    @Mixin OrderOptions.Price price;
    @Mixin OrderOptions.AppRestrict app;
    @Mixin OrderOptions.WorkerpoolRestrict workerpool;
    @Mixin OrderOptions.RequesterRestrict requester;

    @Override
    String publish(MarketService market, String signer) throws IOException {
      return market.publish(new DatasetOrder(dataset, price.value, volume, tag(tag), app.value, workerpool.value,
          requester.value, MarketService.salt(), "0x"));
    }
  }

  @Command(name = "workerpool", mixinStandardHelpOptions = true,
      description = "Offers tasks of --category certified up to --trust on WORKERPOOL, a workerpool you own (schedule), at --price each.")
  static final class PublishWorkerpool extends PublishCommand {
    @Parameters(index = "0", paramLabel = "WORKERPOOL", description = "The workerpool's address.") String workerpool;
    @Mixin OrderOptions.Price price;

    @Option(names = "--category", defaultValue = "0", description = "The task category: 0 XS, 1 S, 2 M, 3 L, 4 XL (default: ${DEFAULT-VALUE}).")
    BigInteger category;

    @Option(names = "--trust", required = true, description = "The highest trust it certifies tasks at.") BigInteger trust;

    @Mixin OrderOptions.AppRestrict app;
    @Mixin OrderOptions.DatasetRestrict dataset;
    @Mixin OrderOptions.RequesterRestrict requester;

    @Override
    String publish(MarketService market, String signer) throws IOException {
      return market.publish(new WorkerpoolOrder(workerpool, price.value, volume, tag(tag), category, trust, app.value,
          dataset.value, requester.value, MarketService.salt(), "0x"));
    }
  }

  @Command(name = "request", mixinStandardHelpOptions = true,
      description = "Asks for --volume tasks of APP with --params, certified at --trust, for at most the max prices; you are requester and beneficiary.")
  static final class PublishRequest extends PublishCommand {
    @Parameters(index = "0", paramLabel = "APP", description = "The app's address.") String app;

    @Option(names = "--params", required = true, description = "The tasks' arguments.") String params;

    @Option(names = "--category", defaultValue = "0", description = "The task category (default: ${DEFAULT-VALUE}).")
    BigInteger category;

    @Option(names = "--trust", required = true, description = "The trust to certify each task at (1: one execution).")
    BigInteger trust;

    @Option(names = "--app-max-price", defaultValue = "0", description = "Most tokens per task for the app (default: ${DEFAULT-VALUE}).")
    BigInteger appMaxPrice;

    @Option(names = "--workerpool-max-price", defaultValue = "0", description = "Most tokens per task for the workerpool (default: ${DEFAULT-VALUE}).")
    BigInteger workerpoolMaxPrice;

    @Option(names = "--dataset", defaultValue = ChainValues.ZERO_ADDRESS, description = "The dataset to run on (default: none).")
    String dataset;

    @Option(names = "--dataset-max-price", defaultValue = "0", description = "Most tokens per task for the dataset (default: ${DEFAULT-VALUE}).")
    BigInteger datasetMaxPrice;

    @Mixin OrderOptions.WorkerpoolRestrict workerpool;

    @Override
    String publish(MarketService market, String signer) throws IOException {
      return market.publish(new RequestOrder(app, appMaxPrice, dataset, datasetMaxPrice, workerpool.value,
          workerpoolMaxPrice, signer, volume, tag(tag), category, trust, signer, ChainValues.ZERO_ADDRESS, params,
          MarketService.salt(), "0x"));
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "The orderbook's orders (or the order HASH) with what each has left on chain.")
  static final class Show extends MarketCommand.WithOrderbook {
    @Parameters(index = "0", arity = "0..1", paramLabel = "HASH", description = "One order's hash.") String hash;

    @Option(names = "--app", paramLabel = "APP", description = "Only orders of this app (its address or name): app orders and requests.")
    String app;

    @Option(names = "--workerpool", paramLabel = "WORKERPOOL", description = "Only orders of this workerpool (and requests restricted to it).")
    String workerpool;

    @Override
    public Integer call() {
      return reading(market -> {
        if (hash != null) {
          MarketService.Listed one = market.show(hash);
          print(one, out -> table(out, List.of(one)));
          return 0;
        }
        Predicate<Orderbook.Entry> filter = e -> true;
        if (app != null) {
          String a = market.resolveApp(app);
          filter = filter.and(e -> (e.kind() == Orderbook.Kind.APP || e.kind() == Orderbook.Kind.REQUEST) && e.resource().equals(a));
        }
        if (workerpool != null) {
          String w = ChainValues.address("--workerpool", workerpool);
          filter = filter.and(e -> e.kind() == Orderbook.Kind.WORKERPOOL ? e.resource().equals(w)
              : e.kind() == Orderbook.Kind.REQUEST && e.request().workerpool().equals(w));
        }
        List<MarketService.Listed> listed = market.list(filter);
        print(listed, out -> table(out, listed));
        return 0;
      });
    }

    private static void table(PrintWriter out, List<MarketService.Listed> listed) {
      if (listed.isEmpty()) {
        out.println("no orders");
        return;
      }
      out.printf("%-66s  %-10s  %-42s  %8s  %-11s  %-9s  %s%n", "HASH", "KIND", "APP/DATASET/WORKERPOOL", "PRICE", "LEFT/VOLUME", "STATUS", "TERMS");
      for (MarketService.Listed l : listed) {
        Orderbook.Entry e = l.entry();
        out.printf("%-66s  %-10s  %-42s  %8s  %-11s  %-9s  %s%n", l.hash(), e.kind().label(), e.resource(), e.price(),
            l.remaining() + "/" + e.volume(), l.status(), terms(e));
      }
    }

    private static String terms(Orderbook.Entry e) {
      return switch (e.kind()) {
        case WORKERPOOL -> "category " + e.workerpool().category() + ", trust up to " + e.workerpool().trust();
        case REQUEST -> "category " + e.request().category() + ", trust " + e.request().trust() + ", params "
            + e.request().params();
        default -> "";
      };
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancels your order HASH on chain (it can no longer match) and marks it cancelled in the orderbook.")
  static final class Cancel extends MarketCommand.WithOrderbook {
    @Parameters(index = "0", paramLabel = "HASH", description = "The order's hash.") String hash;

    @Override
    public Integer call() {
      return signed(market -> {
        market.cancel(hash);
        MarketService.Listed cancelled = market.show(hash);
        print(cancelled, out -> out.println("cancelled " + cancelled.hash()));
        return 0;
      });
    }
  }
}
