package org.xwgrid.client.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.xwgrid.client.internal.Table;
import org.xwgrid.common.api.ClientApi.AccountList;
import org.xwgrid.common.api.ClientApi.AccountView;
import org.xwgrid.common.api.ClientApi.DepositRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xw account show|list|deposit}: credits, the grid's unit of payment. */
@Command(
    name = "account",
    description = "Credits, the grid's unit of payment: show an account, list them (admin), deposit (admin).",
    subcommands = {AccountCommand.Show.class, AccountCommand.ListAll.class, AccountCommand.Deposit.class})
public final class AccountCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: show, list or deposit");
  }

  static void print(GridCommand c, AccountView a) {
    c.out().printf("%s: %d credits free, %d locked%n", a.account(), a.balance(), a.locked());
  }

  /** {@code xw account show [USER] [--json]}: one's own account, or a user's (admin). */
  @Command(name = "show", description = "Show your account of credits, or a user's (admin).")
  public static final class Show extends GridCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "USER", description = "A user (default: you).")
    String user;

    @Option(names = "--json", description = "Print the dispatcher's JSON (an AccountView).")
    boolean json;

    @Override
    protected int run() throws IOException {
      if (user != null) {
        requireUserName(user);
      }
      requireToken();
      AccountView a = client().account(user);
      if (json) {
        printJson(a);
      } else {
        print(this, a);
      }
      return 0;
    }
  }

  /** {@code xw account list [--json]} (admin). */
  @Command(name = "list", description = "List every account with credits, and their total (admin).")
  public static final class ListAll extends GridCommand {
    @Option(names = "--json", description = "Print the dispatcher's JSON (an AccountList).")
    boolean json;

    @Override
    protected int run() throws IOException {
      requireToken();
      AccountList all = client().listAccounts();
      if (json) {
        printJson(all);
        return 0;
      }
      Table t = new Table("ACCOUNT", "FREE", "LOCKED");
      for (AccountView a : all.accounts()) {
        t.row(a.account(), a.balance(), a.locked());
      }
      t.print(out());
      out().println("total " + all.total() + " credits");
      return 0;
    }
  }

  /** {@code xw account deposit USER AMOUNT [--key K] [--json]} (admin). */
  @Command(name = "deposit", description = "Add credits to a user's account (admin). --key makes a retry add nothing.")
  public static final class Deposit extends GridCommand {
    @Parameters(index = "0", paramLabel = "USER", description = "The user.")
    String user;

    @Parameters(index = "1", paramLabel = "AMOUNT", description = "Credits to add (a whole number, at least 1).")
    long amount;

    @Option(names = "--key", paramLabel = "KEY", description = "An idempotency key: the same key twice deposits once.")
    String key;

    @Option(names = "--json", description = "Print the dispatcher's JSON (the AccountView after the deposit).")
    boolean json;

    @Override
    protected int run() throws IOException {
      requireUserName(user);
      if (amount < 1) {
        throw usage("AMOUNT must be at least 1, not " + amount);
      }
      requireToken();
      AccountView a = client().deposit(user, new DepositRequest(amount, key));
      if (json) {
        printJson(a);
      } else {
        print(this, a);
      }
      return 0;
    }
  }
}
