package org.xwgrid.oracle.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * Actor systems of the oracle's tests: the in-memory journal of the persistence testkit, jackson
 * CBOR for every {@code CborSerializable} (Java serialization off), optionally manual time.
 */
public final class TestingActorSystem {
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
    return ActorTestKit.create(name, ConfigFactory.load(ManualTime.config().withFallback(base())));
  }

  public static ActorTestKit real(String name) {
    return ActorTestKit.create(name, ConfigFactory.load(base()));
  }
}
