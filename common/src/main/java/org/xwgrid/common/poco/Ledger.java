package org.xwgrid.common.poco;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xwgrid.common.CborSerializable;

/**
 * The grid's accounts of credits (its unit of payment), as iExec's escrow: each account has a free
 * {@code balance} and a {@code locked} part. Every operation but {@link Deposit} and {@link
 * Withdraw} moves credits without creating or destroying any, so the sum over all accounts changes
 * only by deposits and withdrawals ({@link #total()}). An operation that would make a part negative
 * is refused whole. Pure and mutable; the dispatcher journals the operations and applies them here.
 */
public final class Ledger {

  /** One ledger operation. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Deposit.class, name = "deposit"),
    @JsonSubTypes.Type(value = Withdraw.class, name = "withdraw"),
    @JsonSubTypes.Type(value = Lock.class, name = "lock"),
    @JsonSubTypes.Type(value = Unlock.class, name = "unlock"),
    @JsonSubTypes.Type(value = Move.class, name = "move")
  })
  public sealed interface Op extends CborSerializable permits Deposit, Withdraw, Lock, Unlock, Move {
    long amount();
  }

  /** Credits enter the grid: {@code balance += amount}. */
  public record Deposit(String account, long amount) implements Op {}

  /** Credits leave the grid: {@code balance −= amount}. */
  public record Withdraw(String account, long amount) implements Op {}

  /** {@code balance → locked} (a requester's price at submit, a worker's stake at contribution). */
  public record Lock(String account, long amount) implements Op {}

  /** {@code locked → balance}. */
  public record Unlock(String account, long amount) implements Op {}

  /** {@code from.locked → to.locked} (a price into a task's escrow, a seized stake, a reward). */
  public record Move(String from, String to, long amount) implements Op {}

  /** An account's parts. */
  public record Account(long balance, long locked) {
    public static final Account EMPTY = new Account(0, 0);

    public long sum() {
      return balance + locked;
    }
  }

  private final Map<String, Account> accounts = new TreeMap<>();
  private long total;

  /** A ledger holding these accounts (from a snapshot); its total is their sum. */
  public static Ledger of(Map<String, Account> accounts) {
    Ledger l = new Ledger();
    accounts.forEach(
        (name, a) -> {
          if (a.balance() < 0 || a.locked() < 0) {
            throw new IllegalArgumentException(name + " has a negative part: " + a);
          }
          l.add(name, a.balance(), a.locked());
          l.total = Math.addExact(l.total, a.sum());
        });
    return l;
  }

  /**
   * Why the operations, applied in order, cannot all be applied, or null if they can: checked on
   * a copy, so that a list is taken whole or not at all.
   */
  public String refusal(List<Op> ops) {
    Ledger copy = of(accounts);
    for (Op op : ops) {
      String no = copy.refusal(op);
      if (no != null) {
        return no;
      }
      copy.apply(op);
    }
    return null;
  }

  public Account account(String name) {
    return accounts.getOrDefault(name, Account.EMPTY);
  }

  /** Every account with a non-zero part, by name. */
  public Map<String, Account> accounts() {
    return Map.copyOf(accounts);
  }

  /** The sum of every account: the deposits minus the withdrawals. */
  public long total() {
    return total;
  }

  /** Why {@code op} cannot be applied, or null if it can. */
  public String refusal(Op op) {
    if (op.amount() < 0) {
      return "a negative amount: " + op.amount();
    }
    if (op instanceof Withdraw w) {
      return shortOf(w.account(), "free", account(w.account()).balance(), w.amount());
    } else if (op instanceof Lock l) {
      return shortOf(l.account(), "free", account(l.account()).balance(), l.amount());
    } else if (op instanceof Unlock u) {
      return shortOf(u.account(), "locked", account(u.account()).locked(), u.amount());
    } else if (op instanceof Move m) {
      return shortOf(m.from(), "locked", account(m.from()).locked(), m.amount());
    }
    return null;
  }

  private static String shortOf(String account, String part, long has, long wants) {
    return has >= wants ? null : account + " has " + has + " credits " + part + ", " + wants + " needed";
  }

  /** Applies {@code op}; throws {@link IllegalStateException} with the reason if it is refused. */
  public void apply(Op op) {
    String no = refusal(op);
    if (no != null) {
      throw new IllegalStateException(no);
    }
    if (op instanceof Deposit d) {
      add(d.account(), d.amount(), 0);
      total = Math.addExact(total, d.amount());
    } else if (op instanceof Withdraw w) {
      add(w.account(), -w.amount(), 0);
      total -= w.amount();
    } else if (op instanceof Lock l) {
      add(l.account(), -l.amount(), l.amount());
    } else if (op instanceof Unlock u) {
      add(u.account(), u.amount(), -u.amount());
    } else if (op instanceof Move m) {
      add(m.from(), 0, -m.amount());
      add(m.to(), 0, m.amount());
    }
  }

  private void add(String name, long balance, long locked) {
    Account a = account(name);
    Account b = new Account(Math.addExact(a.balance(), balance), Math.addExact(a.locked(), locked));
    if (b.balance() == 0 && b.locked() == 0) {
      accounts.remove(name);
    } else {
      accounts.put(name, b);
    }
  }
}
