package org.xwgrid.dispatcher.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Names;
import org.xwgrid.common.api.ClientApi.AppList;
import org.xwgrid.common.api.ClientApi.AppRequest;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.common.api.WorkerApi.AppPackage;
import org.xwgrid.dispatcher.Problem;

/** The registered applications, by name: one event-sourced entity (apps are few). */
public final class AppCatalog
    extends EventSourcedBehaviorWithEnforcedReplies<AppCatalog.Command, AppCatalog.Event, AppCatalog.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "AppCatalog");
  private static final String ID = "catalog";

  public sealed interface Command extends CborSerializable {}

  public record Register(AppRequest request, String owner, ActorRef<StatusReply<Registered>> replyTo)
      implements Command {}

  /** {@code created} is false when the identical app was registered before. */
  public record Registered(AppView app, boolean created) implements CborSerializable {}

  public record Get(String name, ActorRef<StatusReply<AppView>> replyTo) implements Command {}

  public record ListApps(ActorRef<AppList> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record AppRegistered(AppView app) implements Event {}

  public record State(Map<String, AppView> apps) implements CborSerializable {
    State apply(Event e) {
      if (e instanceof AppRegistered r) {
        Map<String, AppView> m = new TreeMap<>(apps);
        m.put(r.app().name(), r.app());
        return new State(m);
      }
      throw new IllegalStateException("unknown event " + e);
    }
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, ctx -> create()));
  }

  public static EntityRef<Command> ref(ActorSystem<?> system) {
    return ClusterSharding.get(system).entityRefFor(ENTITY_TYPE_KEY, ID);
  }

  public static Behavior<Command> create() {
    return new AppCatalog();
  }

  private AppCatalog() {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), ID));
  }

  @Override
  public State emptyState() {
    return new State(new TreeMap<>());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(Get.class, this::onGet)
        .onCommand(
            ListApps.class,
            (s, c) -> Effect().reply(c.replyTo(), new AppList(List.copyOf(s.apps().values()))))
        .build();
  }

  private ReplyEffect<Event, State> onGet(State s, Get c) {
    AppView app = s.apps().get(c.name());
    return app == null
        ? Effect().reply(c.replyTo(), Problem.notFound("unknown app '" + c.name() + "'").asReply())
        : Effect().reply(c.replyTo(), StatusReply.success(app));
  }

  private ReplyEffect<Event, State> onRegister(State s, Register c) {
    AppView app;
    try {
      app = validate(c.request(), c.owner());
    } catch (Problem p) {
      return Effect().reply(c.replyTo(), p.asReply());
    }
    AppView existing = s.apps().get(app.name());
    if (existing != null) {
      if (sameApp(existing, app)) {
        return Effect().reply(c.replyTo(), StatusReply.success(new Registered(existing, false)));
      }
      return Effect()
          .reply(
              c.replyTo(),
              Problem.conflict("app '" + app.name() + "' is registered already, differently").asReply());
    }
    return Effect()
        .persist(new AppRegistered(app))
        .thenReply(c.replyTo(), st -> StatusReply.success(new Registered(app, true)));
  }

  private static boolean sameApp(AppView a, AppView b) {
    return a.version().equals(b.version())
        && a.kind().equals(b.kind())
        && a.archive().sha256().equals(b.archive().sha256())
        && a.entrypoint().equals(b.entrypoint())
        && java.util.Objects.equals(a.image(), b.image())
        && a.requirements().equals(b.requirements())
        && a.owner().equals(b.owner());
  }

  /** What a docker app needs of a worker: a Linux host whose Docker engine answers. */
  static final Requirements DOCKER_HOST = new Requirements("linux", null, 0, 0, List.of(AppPackage.DOCKER));

  /** A docker image reference with a tag and no digest or registry port: name[/name]...:tag. */
  private static final java.util.regex.Pattern IMAGE =
      java.util.regex.Pattern.compile(
          "[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*){0,4}:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  /** Checks an app request from outside and normalises it; throws a 400 {@link Problem}. */
  static AppView validate(AppRequest r, String owner) {
    if (r == null) {
      throw Problem.badRequest("missing body");
    }
    if (!Names.isIdentifier(r.name())) {
      throw Problem.badRequest("app name '" + r.name() + "' is not valid: 1-32 of a-z 0-9 - _");
    }
    String version = r.version() == null || r.version().isBlank() ? "0" : r.version();
    if (version.length() > 64) {
      throw Problem.badRequest("version is longer than 64 characters");
    }
    String kind = r.kind() == null ? AppPackage.NATIVE : r.kind();
    boolean docker = kind.equals(AppPackage.DOCKER);
    if (!docker && !kind.equals(AppPackage.NATIVE)) {
      throw Problem.badRequest("app kind '" + kind + "' is not supported (native or docker)");
    }
    if (r.archive() == null || !Hashes.isSha256(r.archive().sha256()) || r.archive().size() < 0) {
      throw Problem.badRequest(
          "archive must name an uploaded " + (docker ? "docker save tar" : "zip") + " by its sha256");
    }
    List<String> entrypoint = r.entrypoint() == null ? List.of() : r.entrypoint();
    if ((entrypoint.isEmpty() && !docker)
        || entrypoint.size() > 64
        || entrypoint.stream().anyMatch(s -> s == null || s.isEmpty() || s.length() > 1024)) {
      throw Problem.badRequest(
          "entrypoint must be " + (docker ? "0" : "1") + "-64 non-empty strings");
    }
    String image = null;
    if (docker) {
      if (r.image() == null || !IMAGE.matcher(r.image()).matches()) {
        throw Problem.badRequest(
            "a docker app needs an image name with a tag, such as xwgrid/cartoon:1.0.0 (lower case name, tag of 1-128 of A-Z a-z 0-9 _ . -)");
      }
      image = r.image();
    } else if (r.image() != null) {
      throw Problem.badRequest("image applies to docker apps only");
    }
    String description = r.description() == null ? "" : r.description();
    if (description.length() > 2000) {
      throw Problem.badRequest("description is longer than 2000 characters");
    }
    Requirements req = r.requirements() == null ? Requirements.ANY : r.requirements();
    if (docker) {
      req = req.and(DOCKER_HOST);
    }
    return new AppView(
        r.name(), version, kind, r.archive(), List.copyOf(entrypoint), req, description, owner,
        Instant.now(), image);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
