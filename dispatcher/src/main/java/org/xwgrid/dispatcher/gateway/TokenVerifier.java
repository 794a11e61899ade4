package org.xwgrid.dispatcher.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.xwgrid.dispatcher.account.AccountEntity;
import org.xwgrid.dispatcher.account.Tokens;
import org.xwgrid.dispatcher.worker.WorkerEntity;

/**
 * Checks bearer tokens against the hashes the account and worker entities keep, and caches a
 * verified token for a short while so that a busy worker costs no entity round trip per request.
 */
public final class TokenVerifier {
  private record Cached(Principal principal, long until) {}

  private final ActorSystem<?> system;
  private final Duration askTimeout;
  private final long ttlMs;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public TokenVerifier(ActorSystem<?> system, Duration askTimeout, Duration ttl) {
    this.system = system;
    this.askTimeout = askTimeout;
    this.ttlMs = ttl.toMillis();
  }

  /** The principal of a token, or empty when it is unknown, malformed or wrong. */
  public CompletionStage<Optional<Principal>> verify(String token) {
    Tokens.Claim claim = Tokens.parse(token);
    if (claim == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    String hash = Tokens.hash(token);
    long now = System.currentTimeMillis();
    Cached c = cache.get(hash);
    if (c != null && c.until() > now) {
      return CompletableFuture.completedFuture(Optional.of(c.principal()));
    }
    ClusterSharding sharding = ClusterSharding.get(system);
    CompletionStage<Optional<Principal>> result;
    if (claim.worker()) {
      result =
          sharding
              .entityRefFor(WorkerEntity.ENTITY_TYPE_KEY, claim.subject())
              .<WorkerEntity.Verified>ask(r -> new WorkerEntity.Verify(hash, r), askTimeout)
              .thenApply(
                  v ->
                      v.worker()
                          .map(w -> (Principal) new Principal.Worker(w.id(), w.owner(), w.capabilities(), w.slots(), w.address(), w.score())));
    } else {
      result =
          sharding
              .entityRefFor(AccountEntity.ENTITY_TYPE_KEY, claim.subject())
              .<AccountEntity.Verified>ask(r -> new AccountEntity.Verify(hash, r), askTimeout)
              .thenApply(v -> v.role().map(role -> (Principal) new Principal.User(claim.subject(), role)));
    }
    return result.thenApply(
        p -> {
          p.ifPresent(pr -> cache.put(hash, new Cached(pr, now + ttlMs)));
          return p;
        });
  }

  /** Drops cached principals of a worker (its capabilities changed). */
  public void forgetWorker(String workerId) {
    cache.values().removeIf(c -> c.principal() instanceof Principal.Worker w && w.workerId().equals(workerId));
  }
}
