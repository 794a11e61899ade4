package org.xwgrid.oracle.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.xwgrid.common.Json;
import org.xwgrid.oracle.chain.HubService;
import org.xwgrid.oracle.contracts.XwHub;
import org.xwgrid.oracle.market.MarketService;
import org.xwgrid.oracle.market.OrderbookFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xw chain ...}: the requester's and pool manager's side of the chain bridge, modelled on
 * iexec-sdk. A signing key comes from a keystore file ({@code --keystore}, its password in
 * {@code XW_KEYSTORE_PASSWORD}) or from {@code XW_CHAIN_KEY}, never from the command line; the
 * node from {@code --rpc} or {@code XW_CHAIN_RPC}; the contracts from the deployment file that
 * {@code chain deploy} writes ({@code --deployment} or {@code XW_CHAIN_DEPLOYMENT}, default
 * {@code chain.json}); published orders from the orderbook file ({@code --orderbook},
 * {@code XW_CHAIN_ORDERBOOK}, default {@code orderbook.json} beside the deployment file). Read
 * commands need no key. Users' guide: {@code docs/chain-cli.md}.
 */
@Command(
    name = "chain",
    description = {
        "The chain bridge, after iexec-sdk (users' guide: docs/chain-cli.md):",
        "  deploy; wallet show|deposit|withdraw|send; app register; workerpool register",
        "  order publish app|dataset|workerpool|request; order show; order cancel",
        "  run APP [--watch]    buy tasks from the orderbook, follow, download",
        "  deal show DEALID; task show TASKID [--download DIR]; task claim TASKID"},
    mixinStandardHelpOptions = true,
    subcommands = {ChainCommand.Deploy.class, ChainCommand.Wallet.class, ChainCommand.App.class, ChainCommand.Workerpool.class,
        OrderCommand.class, RunCommand.class, DealCommand.class, TaskCommand.class})
public final class ChainCommand extends GroupCommand {

  /** Where the chain is and who signs. */
  public static final class ChainOptions {
    /** Reads need an account to call from, never its key: this one signs nothing. */
    private static final Credentials READER = Credentials.create("0x" + "0".repeat(63) + "1");

    @Option(names = "--rpc", description = "The node's JSON-RPC URL (default: $XW_CHAIN_RPC, else http://127.0.0.1:8545).")
    String rpc;

    @Option(names = "--keystore", description = "An Ethereum keystore file; its password in $XW_KEYSTORE_PASSWORD (default: the key in $XW_CHAIN_KEY).")
    Path keystore;

    @Option(names = "--deployment", description = "The deployment file (default: $XW_CHAIN_DEPLOYMENT, else chain.json).")
    Path deployment;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    String rpc() {
      return rpc != null ? rpc : env("XW_CHAIN_RPC", "http://127.0.0.1:8545");
    }

    Path deployment() {
      return deployment != null ? deployment : Path.of(env("XW_CHAIN_DEPLOYMENT", "chain.json"));
    }

    /** The signer's credentials if a key is given, else a throwaway identity that only reads. */
    Credentials credentialsOrReader() throws IOException {
      String key = System.getenv("XW_CHAIN_KEY");
      return keystore == null && (key == null || key.isBlank()) ? READER : credentials();
    }

    Credentials credentials() throws IOException {
      return org.xwgrid.oracle.chain.ChainKeys.load(keystore);
    }

    private static String env(String name, String otherwise) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? otherwise : v;
    }
  }

  /** The deployment file: the chain id and the contracts' addresses. */
  public record DeploymentFile(long chainId, String token, String appRegistry, String datasetRegistry, String workerpoolRegistry, String hub) {
    public HubService.Deployment deployment() {
      return new HubService.Deployment(token, appRegistry, datasetRegistry, workerpoolRegistry, hub);
    }

    public static DeploymentFile read(Path file) throws IOException {
      if (!Files.exists(file)) {
        throw new IllegalArgumentException("no deployment file " + file + ": run xw chain deploy, or give --deployment");
      }
      return Json.mapper().readValue(file.toFile(), DeploymentFile.class);
    }
  }

  /** Where the orderbook is. */
  public static final class OrderbookOption {
    @Option(names = "--orderbook", paramLabel = "FILE",
        description = "The orderbook file (default: $XW_CHAIN_ORDERBOOK, else orderbook.json beside the deployment file).")
    Path file;

    Path path(ChainOptions o) {
      if (file != null) {
        return file;
      }
      String env = System.getenv("XW_CHAIN_ORDERBOOK");
      return env != null && !env.isBlank() ? Path.of(env) : o.deployment().resolveSibling("orderbook.json");
    }
  }

  /** Runs {@code body} as the signer, turning bad input and refusals into a one-line error and exit 1. */
  static int run(CommandSpec spec, ChainOptions o, ServiceBody body) {
    return run(spec, o, true, body);
  }

  /** Runs a read-only {@code body}: with the signer's identity if a key is given, else without a key. */
  static int read(CommandSpec spec, ChainOptions o, ServiceBody body) {
    return run(spec, o, false, body);
  }

  private static int run(CommandSpec spec, ChainOptions o, boolean signs, ServiceBody body) {
    Web3j web3j = Web3j.build(new HttpService(o.rpc()));
    try {
      Credentials who = signs ? o.credentials() : o.credentialsOrReader();
      long chainId = web3j.ethChainId().send().getChainId().longValueExact();
      return body.run(web3j, who, chainId);
    } catch (IOException | RuntimeException e) {
      spec.commandLine().getErr().println("xw " + spec.qualifiedName(" ").replaceFirst("^xw ", "") + ": " + e.getMessage());
      return 1;
    } finally {
      web3j.shutdown();
    }
  }

  interface ServiceBody {
    int run(Web3j web3j, Credentials who, long chainId) throws IOException;
  }

  /** The hub of the deployment file, as {@code who}; refuses a deployment file of another chain. */
  static HubService hub(ChainOptions o, Web3j web3j, Credentials who, long chainId) throws IOException {
    DeploymentFile f = DeploymentFile.read(o.deployment());
    if (f.chainId() != chainId) {
      throw new IllegalArgumentException("the deployment file " + o.deployment() + " is for chain " + f.chainId()
          + ", but the node at " + o.rpc() + " is chain " + chainId);
    }
    return new HubService(web3j, who, chainId, f.deployment());
  }

  /** The marketplace of the deployment file's hub, over the orderbook file. */
  static MarketService market(ChainOptions o, OrderbookOption book, Web3j web3j, Credentials who, long chainId)
      throws IOException {
    HubService hub = hub(o, web3j, who, chainId);
    return new MarketService(hub, new OrderbookFile(book.path(o), chainId, hub.deployment().hub()), Clock.systemUTC());
  }

  /** Prints {@code value} as one line of JSON. */
  static void printJson(CommandSpec spec, Object value) throws IOException {
    spec.commandLine().getOut().println(Json.mapper().writeValueAsString(value));
  }

  @Command(name = "deploy", mixinStandardHelpOptions = true,
      description = "Deploys the token, the registries and the hub; writes their addresses to the deployment file.")
  static final class Deploy implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainOptions o;

    @Option(names = "--mint", defaultValue = "0", description = "Tokens minted to the deployer (local chains).")
    BigInteger mint;

    @Override
    public Integer call() {
      return run(spec, o, (web3j, who, chainId) -> {
        HubService.Deployment d = HubService.deploy(web3j, who, chainId, "xwgrid credit", "XWC");
        HubService hub = new HubService(web3j, who, chainId, d);
        if (mint.signum() > 0) {
          hub.send("mint", hub.token(), hub.token().mint(who.getAddress(), mint));
        }
        DeploymentFile f = new DeploymentFile(chainId, d.token(), d.appRegistry(), d.datasetRegistry(), d.workerpoolRegistry(), d.hub());
        Files.writeString(o.deployment(), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(f));
        PrintWriter out = spec.commandLine().getOut();
        if (o.json) {
          out.println(Json.mapper().writeValueAsString(f));
        } else {
          out.printf("token     %s%napps      %s%ndatasets  %s%npools     %s%nhub       %s%n", f.token(), f.appRegistry(), f.datasetRegistry(), f.workerpoolRegistry(), f.hub());
          out.println("written to " + o.deployment());
        }
        return 0;
      });
    }
  }

  @Command(name = "wallet", mixinStandardHelpOptions = true, description = "A wallet's ether, tokens and escrow.",
      subcommands = {Show.class, Deposit.class, Withdraw.class, Send.class})
  static final class Wallet extends GroupCommand {}

  /** Prints an address's balances. */
  static int show(CommandSpec spec, ChainOptions o, Web3j web3j, HubService hub, String address) throws IOException {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("address", address.toLowerCase(java.util.Locale.ROOT));
    v.put("ether", web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance());
    v.put("tokens", HubService.call(hub.token().balanceOf(address)));
    XwHub.Account a = hub.account(address);
    v.put("stake", a.stake);
    v.put("locked", a.locked);
    PrintWriter out = spec.commandLine().getOut();
    if (o.json) {
      printJson(spec, v);
    } else {
      v.forEach((k, x) -> out.printf("%-8s %s%n", k, x));
    }
    return 0;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Ether, tokens, free (stake) and locked escrow of ADDRESS (default: yours).")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainOptions o;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS") String address;

    @Override
    public Integer call() {
      if (address == null) {
        return run(spec, o, (web3j, who, chainId) -> show(spec, o, web3j, hub(o, web3j, who, chainId), who.getAddress()));
      }
      return read(spec, o, (web3j, who, chainId) -> {
        HubService hub = hub(o, web3j, who, chainId);
        return show(spec, o, web3j, hub, address);
      });
    }
  }

  @Command(name = "deposit", mixinStandardHelpOptions = true,
      description = "Moves AMOUNT tokens from your wallet into your escrow account, or into ADDRESS's with --for (a worker's stake: volunteers hold no ether).")
  static final class Deposit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainOptions o;

    @Parameters(index = "0", paramLabel = "AMOUNT") BigInteger amount;

    @Option(names = "--for", paramLabel = "ADDRESS", description = "The escrow account credited (default: yours).")
    String target;

    @Override
    public Integer call() {
      if (target != null) {
        return move(spec, o, amount, hub -> hub.depositFor(amount, org.xwgrid.oracle.chain.ChainValues.address("--for", target)));
      }
      return move(spec, o, amount, hub -> hub.deposit(amount));
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Moves AMOUNT free tokens from your escrow account back to your wallet.")
  static final class Withdraw implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainOptions o;

    @Parameters(index = "0", paramLabel = "AMOUNT") BigInteger amount;

    @Override
    public Integer call() {
      return move(spec, o, amount, hub -> hub.withdraw(amount));
    }
  }

  @Command(name = "send", mixinStandardHelpOptions = true, description = "Sends AMOUNT tokens from your wallet to the wallet of ADDRESS.")
  static final class Send implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainOptions o;

    @Parameters(index = "0", paramLabel = "AMOUNT") BigInteger amount;

    @Parameters(index = "1", paramLabel = "ADDRESS") String to;

    @Override
    public Integer call() {
      return move(spec, o, amount, hub -> hub.transfer(to, amount));
    }
  }

  /** Moves {@code amount} tokens of the signer's by {@code action}, then shows the signer's wallet. */
  private static int move(CommandSpec spec, ChainOptions o, BigInteger amount, Consumer<HubService> action) {
    return run(spec, o, (web3j, who, chainId) -> {
      if (amount.signum() <= 0) {
        throw new IllegalArgumentException("AMOUNT must be a positive number of tokens");
      }
      HubService hub = hub(o, web3j, who, chainId);
      action.accept(hub);
      return show(spec, o, web3j, hub, who.getAddress());
    });
  }

  @Command(name = "app", mixinStandardHelpOptions = true, description = "Apps on chain.", subcommands = {AppRegister.class})
  static final class App extends GroupCommand {}

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Registers an app owned by you; prints its address. NAME is the grid app the oracle runs for its deals.")
  static final class AppRegister implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainOptions o;

    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Option(names = "--checksum", required = true, description = "0x + 64 hex: the digest of the app's package (its sha256).")
    String checksum;

    @Override
    public Integer call() {
      return run(spec, o, (web3j, who, chainId) -> {
        if (!name.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
          throw new IllegalArgumentException("NAME must be a grid app name: 1-32 of a-z 0-9 - _");
        }
        HubService hub = hub(o, web3j, who, chainId);
        String app = hub.createApp(name, "NATIVE", ("xw://apps/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8), checksum);
        return printId(spec, o, "app", app);
      });
    }
  }

  @Command(name = "workerpool", mixinStandardHelpOptions = true, description = "Workerpools on chain.", subcommands = {WorkerpoolRegister.class})
  static final class Workerpool extends GroupCommand {}

  @Command(name = "register", mixinStandardHelpOptions = true, description = "Registers a workerpool owned by you (you schedule it); prints its address.")
  static final class WorkerpoolRegister implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainOptions o;

    @Parameters(index = "0", paramLabel = "DESCRIPTION") String description;

    @Override
    public Integer call() {
      return run(spec, o, (web3j, who, chainId) -> {
        HubService hub = hub(o, web3j, who, chainId);
        return printId(spec, o, "workerpool", hub.createWorkerpool(description));
      });
    }
  }

  /** Prints a registered id alone on its line (or as JSON). */
  private static int printId(CommandSpec spec, ChainOptions o, String what, String id) throws IOException {
    if (o.json) {
      printJson(spec, Map.of(what, id.toLowerCase(java.util.Locale.ROOT)));
    } else {
      spec.commandLine().getOut().println(id.toLowerCase(java.util.Locale.ROOT));
    }
    return 0;
  }

}
