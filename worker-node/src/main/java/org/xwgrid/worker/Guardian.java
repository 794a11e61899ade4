package org.xwgrid.worker;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.xwgrid.common.crypto.Secp256k1Key;
import org.xwgrid.worker.net.DispatcherApi;
import org.xwgrid.worker.report.PendingReport;
import org.xwgrid.worker.report.PendingReportStore;
import org.xwgrid.worker.report.Reporter;
import org.xwgrid.worker.session.IdentityStore;
import org.xwgrid.worker.session.Session;
import org.xwgrid.worker.session.WorkerIdentity;
import org.xwgrid.worker.task.HeldResults;
import org.xwgrid.worker.task.TaskFolders;
import org.xwgrid.worker.task.TaskRunner;
import org.xwgrid.worker.volunteer.OwnerActivity;

/**
 * Root of the worker's actor system: spawns the {@link Reporter} and the {@link Session}, and on
 * {@link Drain} (coordinated shutdown) drains the session (no more pulls, running tasks finish or
 * are aborted) and then the reporter (last reports delivered or saved).
 */
public final class Guardian {

  public sealed interface Command {}

  public record Drain(ActorRef<Done> replyTo) implements Command {}

  private enum SessionDrained implements Command {
    INSTANCE
  }

  private enum ReporterDrained implements Command {
    INSTANCE
  }

  private final ActorContext<Command> ctx;
  private final WorkerNodeSettings settings;
  private final ActorRef<Session.Command> session;
  private final ActorRef<Reporter.Command> reporter;

  private Guardian(
      ActorContext<Command> ctx,
      WorkerNodeSettings settings,
      ActorRef<Session.Command> session,
      ActorRef<Reporter.Command> reporter) {
    this.ctx = ctx;
    this.settings = settings;
    this.session = session;
    this.reporter = reporter;
  }

  public static Behavior<Command> create(
      WorkerNodeSettings settings,
      DispatcherApi api,
      IdentityStore identities,
      WorkerIdentity storedIdentity,
      Secp256k1Key key,
      TaskRunner runner,
      PendingReportStore reports,
      TaskFolders folders,
      HeldResults held,
      List<PendingReport> pending,
      OwnerActivity owner,
      Consumer<String> fatal) {
    return Behaviors.setup(
        ctx -> {
          Map<String, String> mdc = Map.of("worker", settings.name());
          ActorRef<Reporter.Command> reporter =
              ctx.spawn(
                  Behaviors.withMdc(
                      Reporter.Command.class,
                      mdc,
                      Reporter.create(settings, api, reports, folders, held, key, runner.executor(), pending)),
                  "reporter");
          ActorRef<Session.Command> session =
              ctx.spawn(
                  Behaviors.withMdc(
                      Session.Command.class,
                      mdc,
                      Session.create(settings, api, identities, storedIdentity, key.address(), runner, held, reporter, owner, fatal)),
                  "session");
          return new Guardian(ctx, settings, session, reporter).running();
        });
  }

  private Behavior<Command> running() {
    return Behaviors.receive(Command.class)
        .onMessage(
            Drain.class,
            d -> {
              ctx.getLog().info("Worker stopping: no more work requests");
              session.tell(
                  new Session.Drain(
                      ctx.messageAdapter(Session.Drained.class, x -> SessionDrained.INSTANCE)));
              return draining(d.replyTo());
            })
        .build();
  }

  private Behavior<Command> draining(ActorRef<Done> replyTo) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(
            SessionDrained.INSTANCE,
            () -> {
              reporter.tell(
                  new Reporter.Drain(
                      settings.stopReportTimeout(),
                      ctx.messageAdapter(Reporter.Drained.class, x -> ReporterDrained.INSTANCE)));
              return Behaviors.same();
            })
        .onMessageEquals(
            ReporterDrained.INSTANCE,
            () -> {
              replyTo.tell(Done.getInstance());
              return Behaviors.same();
            })
        .onMessage(Drain.class, d -> Behaviors.same())
        .build();
  }
}
