package org.xwgrid.dispatcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.dispatcher.account.AccountEntity;
import org.xwgrid.dispatcher.account.Role;
import org.xwgrid.dispatcher.account.Tokens;
import org.xwgrid.dispatcher.app.AppCatalog;
import org.xwgrid.dispatcher.ledger.LedgerEntity;
import org.xwgrid.dispatcher.data.DataRepository;
import org.xwgrid.dispatcher.data.SecretFiles;
import org.xwgrid.dispatcher.gateway.GatewayServer;
import org.xwgrid.dispatcher.gateway.Routes;
import org.xwgrid.dispatcher.gateway.Tickets;
import org.xwgrid.dispatcher.gateway.TokenVerifier;
import org.xwgrid.dispatcher.job.JobEntity;
import org.xwgrid.dispatcher.schedule.Scheduler;
import org.xwgrid.dispatcher.worker.WorkerEntity;

/**
 * A running dispatcher node: the actor system (cluster member, journal), the entities, the
 * scheduler singleton and the gateway. {@link #start} wires them in order and returns once the
 * gateway listens.
 */
public final class DispatcherNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DispatcherNode.class);

  private final ActorSystem<Void> system;
  private final GatewayServer gateway;

  private DispatcherNode(ActorSystem<Void> system, GatewayServer gateway) {
    this.system = system;
    this.gateway = gateway;
  }

  /**
   * The node's configuration: {@code overrides} (command-line flags) over the {@code file}
   * (--config) over the packaged defaults. The H2 journal goes under the data dir unless the
   * configuration names a database of its own.
   */
  public static Config config(Path file, Map<String, Object> overrides) {
    Config fromFile = file == null ? ConfigFactory.empty() : ConfigFactory.parseFile(file.toFile());
    Config unresolved =
        ConfigFactory.parseMap(overrides)
            .withFallback(fromFile)
            .withFallback(ConfigFactory.parseResources("xwgrid-dispatcher.conf"))
            .withFallback(ConfigFactory.defaultReference());
    if (!namesDatabase(fromFile)) {
      Path dataDir = Path.of(unresolved.getString("xwgrid.dispatcher.data-dir")).toAbsolutePath().normalize();
      String url = "jdbc:h2:file:" + dataDir.resolve("journal").resolve("xwgrid") + ";DATABASE_TO_UPPER=false;WRITE_DELAY=0;MAX_LENGTH_INPLACE_LOB=65536";
      unresolved = ConfigFactory.parseMap(Map.of("slick.db.url", url)).withFallback(unresolved);
    }
    return ConfigFactory.load(unresolved);
  }

  /** Whether a config file sets {@code slick.db.url} (looked up unresolved: it may use ${?ENV}). */
  private static boolean namesDatabase(Config c) {
    com.typesafe.config.ConfigValue slick = c.root().get("slick");
    if (slick instanceof com.typesafe.config.ConfigObject so && so.get("db") instanceof com.typesafe.config.ConfigObject db) {
      return db.containsKey("url");
    }
    return false;
  }

  public static DispatcherNode start(Config config, PrintStream out) throws Exception {
    DispatcherSettings settings = DispatcherSettings.create(config);
    Files.createDirectories(settings.dataDir());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "xwgrid", config);
    try {
      SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
      Cluster cluster = Cluster.get(system);
      if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      Clock clock = Clock.systemUTC();
      AccountEntity.init(system);
      AppCatalog.init(system);
      LedgerEntity.init(system);
      WorkerEntity.init(system);
      ActorRef<Scheduler.Command> scheduler =
          Scheduler.init(system, settings, clock, id -> JobEntity.ref(system, id), id -> WorkerEntity.ref(system, id));
      JobEntity.init(system, settings, scheduler, clock);
      bootstrapAdmin(system, settings, out);
      Executor io = system.dispatchers().lookup(DispatcherSelector.blocking());
      DataRepository repo = DataRepository.open(settings.dataDir().resolve("data"), io);
      Routes routes =
          new Routes(
              system, settings, scheduler, repo,
              new TokenVerifier(system, settings.askTimeout(), settings.tokenCacheTtl()),
              Tickets.load(settings.dataDir()));
      GatewayServer gateway = GatewayServer.start(settings, routes, repo);
      CoordinatedShutdown.get(system)
          .addTask(
              CoordinatedShutdown.PhaseServiceUnbind(),
              "gateway",
              () -> {
                gateway.stop();
                return CompletableFuture.completedFuture(Done.getInstance());
              });
      String url = "http://" + settings.httpHost() + ":" + gateway.port();
      log.info("xwgrid dispatcher listening on {} (data in {})", url, settings.dataDir());
      out.println("xwgrid dispatcher listening on " + url);
      out.flush();
      for (NodeExtension extension : java.util.ServiceLoader.load(NodeExtension.class)) {
        extension.start(system, config, settings, url, out);
      }
      return new DispatcherNode(system, gateway);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  /**
   * Creates the admin user on first start, printing its token once and keeping it in
   * {@code <data-dir>/admin.token} (mode 600). The file is written first, so a crash in between
   * never leaves an admin nobody can log in as; later starts make the account match the file.
   */
  private static void bootstrapAdmin(ActorSystem<?> system, DispatcherSettings settings, PrintStream out)
      throws Exception {
    Path file = settings.dataDir().resolve("admin.token");
    boolean fresh = !Files.exists(file);
    if (fresh) {
      SecretFiles.write(file, Tokens.newUserToken("admin"));
    }
    String token = Files.readString(file).trim();
    StatusReply<AccountEntity.Done> r =
        org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system)
            .entityRefFor(AccountEntity.ENTITY_TYPE_KEY, "admin")
            .<StatusReply<AccountEntity.Done>>ask(
                reply -> new AccountEntity.Upsert(Role.ADMIN, Tokens.hash(token), reply), Duration.ofSeconds(60))
            .toCompletableFuture()
            .get(90, TimeUnit.SECONDS);
    if (!r.isSuccess()) {
      throw new IOException("cannot set up the admin account: " + r.getError().getMessage());
    }
    if (fresh) {
      out.println("Admin token (shown once; kept in " + file + ", mode 600):");
      out.println(token);
    }
  }

  public int port() {
    return gateway.port();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Stops the gateway and leaves the cluster; waits for the actor system to end. */
  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  public CompletableFuture<Done> whenTerminated() {
    return system.getWhenTerminated().toCompletableFuture();
  }
}
