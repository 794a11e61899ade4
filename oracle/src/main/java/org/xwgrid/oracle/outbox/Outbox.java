package org.xwgrid.oracle.outbox;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xwgrid.common.CborSerializable;

/**
 * The oracle's transactions to send, as a pure state changed only by {@link #apply}: each intent
 * is named by a key (its purpose, e.g. {@code finalize:<taskId>}) and is sent at most once in
 * effect. An intent is signed with the next nonce and the signed transaction is journaled before
 * it is sent, so after a crash the very same transaction (same hash) is sent again, never a
 * second one; it stays in flight until its receipt is read.
 */
public final class Outbox {

  public enum Status {
    /** Waiting for its nonce: intents are signed one at a time, in the order they came. */
    QUEUED,
    /** Signed with its nonce; sent (perhaps several times, always the same bytes) until mined. */
    SIGNED,
    /** Its receipt was read: done, successfully or reverted. */
    MINED
  }

  /** A transaction to send: to a contract, with its call data. */
  public record Intent(String key, String to, String data, BigInteger gasLimit) implements CborSerializable {}

  /** One intent and what became of it. */
  public record Entry(
      Intent intent, Status status, long nonce, String rawTx, String txHash, boolean success, long gasUsed, long block)
      implements CborSerializable {

    Entry signed(long nonce, String rawTx, String txHash) {
      return new Entry(intent, Status.SIGNED, nonce, rawTx, txHash, false, 0, 0);
    }

    Entry mined(boolean success, long gasUsed, long block) {
      return new Entry(intent, Status.MINED, nonce, rawTx, txHash, success, gasUsed, block);
    }
  }

  // ---- events -----------------------------------------------------------------------------

  public sealed interface Event extends CborSerializable {}

  /** The account's next nonce as the chain tells it, read once before the first signature. */
  public record NonceRead(long nonce) implements Event {}

  public record Queued(Intent intent) implements Event {}

  public record Signed(String key, long nonce, String rawTx, String txHash) implements Event {}

  public record Mined(String key, boolean success, long gasUsed, long block) implements Event {}

  /**
   * Another transaction of the same account took the nonce of this signed one (the key was used
   * elsewhere), which can therefore never be mined: the intent waits for a new nonce, at least
   * {@code chainNonce} (the account's count of mined transactions when this was seen).
   */
  public record Displaced(String key, long chainNonce) implements Event {}

  // ---- state ------------------------------------------------------------------------------

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private long nextNonce = -1;

  public static Outbox empty() {
    return new Outbox();
  }

  public Outbox apply(Event e) {
    if (e instanceof NonceRead n) {
      if (nextNonce < 0) {
        nextNonce = n.nonce();
      }
    } else if (e instanceof Queued q) {
      entries.putIfAbsent(q.intent().key(), new Entry(q.intent(), Status.QUEUED, -1, null, null, false, 0, 0));
    } else if (e instanceof Signed s) {
      Entry x = entries.get(s.key());
      if (x != null && x.status() == Status.QUEUED && s.nonce() == nextNonce) {
        entries.put(s.key(), x.signed(s.nonce(), s.rawTx(), s.txHash()));
        nextNonce++;
      }
    } else if (e instanceof Displaced d) {
      Entry x = entries.get(d.key());
      if (x != null && x.status() == Status.SIGNED) {
        entries.put(d.key(), new Entry(x.intent(), Status.QUEUED, -1, null, null, false, 0, 0));
        nextNonce = Math.max(nextNonce, d.chainNonce());
      }
    } else if (e instanceof Mined m) {
      Entry x = entries.get(m.key());
      if (x != null && x.status() == Status.SIGNED) {
        entries.put(m.key(), x.mined(m.success(), m.gasUsed(), m.block()));
      }
    } else {
      throw new IllegalStateException("unknown event " + e);
    }
    return this;
  }

  // ---- queries ----------------------------------------------------------------------------

  /** Whether an intent of that key was ever queued (it is sent once, whatever asks again). */
  public boolean knows(String key) {
    return entries.containsKey(key);
  }

  public Optional<Entry> entry(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** The nonce of the next signature, or -1 before the chain was asked. */
  public long nextNonce() {
    return nextNonce;
  }

  /** The oldest intent waiting for a nonce, if any. */
  public Optional<Intent> nextToSign() {
    return entries.values().stream().filter(x -> x.status() == Status.QUEUED).map(Entry::intent).findFirst();
  }

  /** The signed transactions whose receipts are not read yet, in nonce order. */
  public List<Entry> inFlight() {
    List<Entry> out = new ArrayList<>();
    for (Entry x : entries.values()) {
      if (x.status() == Status.SIGNED) {
        out.add(x);
      }
    }
    out.sort(java.util.Comparator.comparingLong(Entry::nonce));
    return out;
  }

  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  // ---- snapshots --------------------------------------------------------------------------

  public record Snapshot(List<Entry> entries, long nextNonce) implements CborSerializable {}

  public Snapshot toSnapshot() {
    return new Snapshot(entries(), nextNonce);
  }

  public static Outbox fromSnapshot(Snapshot s) {
    Outbox o = new Outbox();
    for (Entry x : s.entries()) {
      o.entries.put(x.intent().key(), x);
    }
    o.nextNonce = s.nextNonce();
    return o;
  }
}
