package org.xwgrid.oracle.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * Actor systems of the oracle's tests: the in-memory journal of the persistence testkit, jackson
 * CBOR for every {@code CborSerializable} (Java serialization off), optionally manual time.
 *
 * <p>With manual time, the journal's and snapshot store's circuit breakers time their calls on
 * the manual scheduler: a test that let more than their 10 s pass while an entity persists would
 * fail a write that never really took long. Their call timeouts are out of any test's reach.
 */
public final class TestingActorSystem {
  private static final Config UNREACHABLE_BREAKERS =
      ConfigFactory.parseString(
          """
          pekko.persistence.testkit.journal.circuit-breaker.call-timeout = 3650d
          pekko.persistence.testkit.snapshotstore.pluginid.circuit-breaker.call-timeout = 3650d
          """);

  private TestingActorSystem() {}

  private static Config base() {
    return EventSourcedBehaviorTestKit.config()
        .withFallback(
            ConfigFactory.parseString(
                "pekko.actor.provider = local\n"
                    + "pekko.actor.allow-java-serialization = off\n"
                    + "pekko.actor.serialization-bindings { \"org.xwgrid.common.CborSerializable\" = jackson-cbor }\n"
                    + "pekko.loglevel = INFO\n"));
  }

  public static ActorTestKit withManualTime(String name) {
    return ActorTestKit.create(
        name,
        ConfigFactory.load(
            ManualTime.config().withFallback(UNREACHABLE_BREAKERS).withFallback(base())));
  }

  public static ActorTestKit real(String name) {
    return ActorTestKit.create(name, ConfigFactory.load(base()));
  }
}
