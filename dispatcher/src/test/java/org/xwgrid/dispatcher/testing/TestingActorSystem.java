package org.xwgrid.dispatcher.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * The configuration of the actor systems of unit tests: manual time, the in-memory journal and
 * snapshot store of the persistence testkit, and the dispatcher's own serialization settings
 * (read from {@code xwgrid-dispatcher.conf}, so that a change there is tested too). Local
 * provider: no cluster, no sockets.
 *
 * <p>The journal's and snapshot store's circuit breakers time their calls on the scheduler, which
 * is manual here: a test that lets 21 s pass while an entity persists would trip a 10 s call
 * timeout that never really elapsed, fail the write and leave the entity waiting for a restart
 * backoff that manual time never ends. Their call timeouts are therefore out of any test's reach.
 */
public final class TestingActorSystem {
  private static final Config UNREACHABLE_BREAKERS =
      ConfigFactory.parseString(
          """
          pekko.persistence.testkit.journal.circuit-breaker.call-timeout = 3650d
          pekko.persistence.testkit.snapshotstore.pluginid.circuit-breaker.call-timeout = 3650d
          """);

  private TestingActorSystem() {}

  public static Config config() {
    Config dispatcher = ConfigFactory.parseResources("xwgrid-dispatcher.conf");
    Config assembled =
        ManualTime.config()
            .withFallback(UNREACHABLE_BREAKERS)
            .withFallback(EventSourcedBehaviorTestKit.config())
            .withFallback(dispatcher.withOnlyPath("pekko.actor.serialization-bindings"))
            .withFallback(dispatcher.withOnlyPath("pekko.actor.allow-java-serialization"))
            .withFallback(dispatcher.withOnlyPath("pekko.serialization.jackson"))
            .withFallback(dispatcher.withOnlyPath("pekko.loggers"))
            .withFallback(dispatcher.withOnlyPath("pekko.logging-filter"))
            .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"));
    return ConfigFactory.load(assembled);
  }

  /** A test kit on {@link #config()}; shut it down in {@code @AfterAll}. */
  public static ActorTestKit testKit(String name) {
    return ActorTestKit.create(name, config());
  }
}
