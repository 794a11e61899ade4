package org.xwgrid.oracle.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.xwgrid.oracle.cli.ChainCommand.ChainOptions;
import org.xwgrid.oracle.cli.ChainCommand.OrderbookOption;
import org.xwgrid.oracle.market.MarketService;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A {@code chain} command over the marketplace: the chain options, a {@link MarketService} of the
 * deployment's hub, and its output as text or, with {@code --json}, as one line of JSON. A
 * command that uses the orderbook extends {@link WithOrderbook}, which takes {@code --orderbook}.
 */
abstract class MarketCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions o;

  /** What a command does with the marketplace; returns the exit code. */
  interface Body {
    int run(MarketService market) throws IOException;
  }

  /** What a command prints as text. */
  interface Text {
    void print(PrintWriter out) throws IOException;
  }

  /** Where the orderbook is: by default, beside the deployment file. */
  OrderbookOption orderbook() {
    return new OrderbookOption();
  }

  /** Runs {@code body} as the signer (a key is required). */
  int signed(Body body) {
    return ChainCommand.run(spec, o, (web3j, who, chainId) -> body.run(ChainCommand.market(o, orderbook(), web3j, who, chainId)));
  }

  /** Runs a read-only {@code body}; no key needed. */
  int reading(Body body) {
    return ChainCommand.read(spec, o, (web3j, who, chainId) -> body.run(ChainCommand.market(o, orderbook(), web3j, who, chainId)));
  }

  /** Prints {@code json} with {@code --json}, else {@code text}. */
  void print(Object json, Text text) throws IOException {
    if (o.json) {
      ChainCommand.printJson(spec, json);
    } else {
      text.print(out());
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** A command over the orderbook: takes {@code --orderbook}. */
  abstract static class WithOrderbook extends MarketCommand {
    @Mixin OrderbookOption book;

    @Override
    OrderbookOption orderbook() {
      return book;
    }
  }
}
