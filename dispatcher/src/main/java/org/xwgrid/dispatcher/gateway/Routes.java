package org.xwgrid.dispatcher.gateway;

import com.fasterxml.jackson.core.JacksonException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.Names;
import org.xwgrid.common.api.ClientApi.AppList;
import org.xwgrid.common.api.ClientApi.AppRequest;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.JobList;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.UserCreated;
import org.xwgrid.common.api.ClientApi.UserRequest;
import org.xwgrid.common.api.ClientApi.WorkerList;
import org.xwgrid.common.api.ClientApi.WorkerView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.common.api.TaskLimits;
import org.xwgrid.common.api.ClientApi;
import org.xwgrid.common.api.WorkerApi;
import org.xwgrid.common.poco.Ledger;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.dispatcher.DispatcherSettings;
import org.xwgrid.common.poco.Category;
import org.xwgrid.dispatcher.Problem;
import org.xwgrid.dispatcher.account.AccountEntity;
import org.xwgrid.dispatcher.account.Role;
import org.xwgrid.dispatcher.ledger.LedgerEntity;
import org.xwgrid.dispatcher.account.Tokens;
import org.xwgrid.dispatcher.app.AppCatalog;
import org.xwgrid.dispatcher.data.DataRepository;
import org.xwgrid.dispatcher.job.JobEntity;
import org.xwgrid.dispatcher.job.JobSpec;
import org.xwgrid.dispatcher.schedule.Scheduler;
import org.xwgrid.dispatcher.worker.WorkerEntity;

/**
 * The gateway's control endpoints, independent of Netty: authenticate, validate at the edge, ask
 * the entities, answer. Never blocks: every step is a {@link CompletionStage}.
 */
public final class Routes {
  private static final int MAX_LIST = 10_000;
  /** The largest single deposit (credits), far below overflow of any sum. */
  private static final long MAX_DEPOSIT = 1_000_000_000_000L;
  private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final java.util.regex.Pattern JOB_ID = java.util.regex.Pattern.compile("[0-9a-f-]{1,64}");

  private final ActorSystem<?> system;
  private final DispatcherSettings settings;
  private final ActorRef<Scheduler.Command> scheduler;
  private final DataRepository repo;
  private final TokenVerifier verifier;
  private final Tickets tickets;
  private final Duration ask;

  public Routes(
      ActorSystem<?> system,
      DispatcherSettings settings,
      ActorRef<Scheduler.Command> scheduler,
      DataRepository repo,
      TokenVerifier verifier,
      Tickets tickets) {
    this.system = system;
    this.settings = settings;
    this.scheduler = scheduler;
    this.repo = repo;
    this.verifier = verifier;
    this.tickets = tickets;
    this.ask = settings.askTimeout();
  }

  public TokenVerifier verifier() {
    return verifier;
  }

  public CompletionStage<Reply> handle(Request r) {
    return handle(r, null);
  }

  /** {@code closed} completes when the client's connection closes (null: not watched). */
  public CompletionStage<Reply> handle(Request r, CompletionStage<Void> closed) {
    if (r.segments() == null) {
      return fail(Problem.notFound("no such endpoint (the API lives under /api/v1)"));
    }
    if (r.is("GET", "health")) {
      Map<String, Object> health = new LinkedHashMap<>();
      health.put("status", "UP");
      health.put("node", Cluster.get(system).selfMember().address().toString());
      return done(Reply.ok(health));
    }
    if (r.is("GET", "chain", "jobs", "*", "tasks", "*", "result")) {
      // the results of on-chain deals are public: the hub's finalize gives their location
      return call(job(r.seg(2)), DataRef.class, reply -> new JobEntity.GetDealResult(index(r.seg(4)), reply))
          .thenApply(d -> blob(d.sha256()));
    }
    return authenticate(r).thenCompose(p -> route(r, p, closed));
  }

  private CompletionStage<Principal> authenticate(Request r) {
    if (r.token() == null) {
      return fail(Problem.unauthorized("missing token: send Authorization: Bearer <token>"));
    }
    return verifier
        .verify(r.token())
        .thenApply(p -> p.orElseThrow(() -> Problem.unauthorized("unknown or wrong token")));
  }

  private CompletionStage<Reply> route(Request r, Principal p, CompletionStage<Void> closed) {
    // worker protocol
    if (r.is("POST", "workers", "register")) {
      return register(r, p);
    }
    if (r.segments().size() == 3 && r.seg(0).equals("workers") && r.method().equals("POST")) {
      Principal.Worker w = worker(p, r.seg(1));
      return switch (r.seg(2)) {
        case "heartbeat" -> heartbeat(w, body(r, WorkerApi.Heartbeat.class));
        case "work" -> work(w, body(r, WorkerApi.WorkRequest.class), closed);
        case "status" -> status(w, body(r, WorkerApi.StatusReport.class));
        case "results" -> results(w, body(r, WorkerApi.ResultReport.class));
        case "reveals" -> reveals(w, body(r, WorkerApi.RevealReport.class));
        default -> fail(Problem.notFound("no such endpoint"));
      };
    }
    if (r.is("GET", "data", "*")) {
      return readData(p, r.seg(1), r.param("ticket"));
    }
    // client API
    Principal.User u = user(p);
    if (r.is("POST", "users")) {
      return createUser(u, body(r, UserRequest.class));
    }
    if (r.is("POST", "apps")) {
      return registerApp(u, body(r, AppRequest.class));
    }
    if (r.is("GET", "apps")) {
      return AppCatalog.ref(system).<AppList>ask(AppCatalog.ListApps::new, ask).thenApply(Reply::ok);
    }
    if (r.is("GET", "apps", "*")) {
      return call(AppCatalog.ref(system), AppView.class, reply -> new AppCatalog.Get(r.seg(1), reply))
          .thenApply(Reply::ok);
    }
    if (r.is("POST", "jobs")) {
      return submit(u, body(r, JobRequest.class));
    }
    if (r.is("GET", "jobs")) {
      return listJobs(u, r.intParam("limit", 100, 1, MAX_LIST));
    }
    if (r.is("GET", "jobs", "*")) {
      return call(job(r.seg(1)), JobView.class, reply -> new JobEntity.GetView(caller(u), reply)).thenApply(Reply::ok);
    }
    if (r.is("POST", "jobs", "*", "cancel")) {
      return call(job(r.seg(1)), JobView.class, reply -> new JobEntity.Cancel(caller(u), reply)).thenApply(Reply::ok);
    }
    if (r.is("GET", "jobs", "*", "tasks")) {
      int from = r.intParam("from", 0, 0, Integer.MAX_VALUE);
      int limit = r.intParam("limit", 1000, 1, MAX_LIST);
      return call(job(r.seg(1)), org.xwgrid.common.api.ClientApi.TaskList.class, reply -> new JobEntity.GetTasks(caller(u), from, limit, reply))
          .thenApply(Reply::ok);
    }
    if (r.is("GET", "jobs", "*", "tasks", "*", "result")) {
      int index = index(r.seg(3));
      return call(job(r.seg(1)), DataRef.class, reply -> new JobEntity.GetResult(caller(u), index, reply))
          .thenApply(d -> blob(d.sha256()));
    }
    if (r.is("GET", "workers")) {
      return listWorkers();
    }
    if (r.is("GET", "accounts", "me")) {
      return accountOf(u.name());
    }
    if (r.is("GET", "accounts")) {
      return listAccounts(u);
    }
    if (r.is("GET", "accounts", "*")) {
      if (r.seg(1).equals(u.name())) {
        return accountOf(u.name());
      }
      if (!u.admin()) {
        throw Problem.forbidden("only an admin sees other users' accounts");
      }
      return requireUser(r.seg(1)).thenCompose(v -> accountOf(r.seg(1)));
    }
    if (r.is("POST", "accounts", "*", "deposit")) {
      return deposit(u, r.seg(1), body(r, ClientApi.DepositRequest.class));
    }
    return fail(Problem.notFound("no such endpoint: " + r.method() + " /api/v1/" + String.join("/", r.segments())));
  }

  // ---- principals ---------------------------------------------------------------------------

  private static Principal.User user(Principal p) {
    if (p instanceof Principal.User u && u.role() != Role.WORKER) {
      return u;
    }
    throw Problem.forbidden("this token may only register workers or speak the worker protocol");
  }

  private static Principal.Worker worker(Principal p, String pathId) {
    if (p instanceof Principal.Worker w) {
      if (!w.workerId().equals(pathId)) {
        throw Problem.forbidden("a worker may only speak for itself");
      }
      return w;
    }
    throw Problem.forbidden("the worker protocol needs the worker's own token");
  }

  private static JobEntity.Caller caller(Principal.User u) {
    return new JobEntity.Caller(u.name(), u.admin());
  }

  // ---- users and apps -----------------------------------------------------------------------

  private CompletionStage<Reply> createUser(Principal.User u, UserRequest req) {
    if (!u.admin()) {
      throw Problem.forbidden("only an admin creates users");
    }
    if (req == null) {
      throw Problem.badRequest("missing body");
    }
    if (!Names.isIdentifier(req.name())) {
      throw Problem.badRequest("user name '" + req.name() + "' is not valid: 1-32 of a-z 0-9 - _");
    }
    Role role = Role.parse(req.role());
    String token = Tokens.newUserToken(req.name());
    return call(account(req.name()), AccountEntity.Done.class, reply -> new AccountEntity.Create(role, Tokens.hash(token), reply))
        .thenApply(done -> Reply.created(new UserCreated(req.name(), role.label(), token)));
  }

  // ---- accounts of credits --------------------------------------------------------------------

  /** A user's ledger account name. */
  static String userAccount(String name) {
    return "user:" + name;
  }

  private CompletionStage<Reply> accountOf(String user) {
    if (!Names.isIdentifier(user)) {
      throw Problem.notFound("no such user '" + user + "'");
    }
    return LedgerEntity.ref(system)
        .<LedgerEntity.AccountBalance>ask(reply -> new LedgerEntity.GetAccount(userAccount(user), reply), ask)
        .thenApply(b -> Reply.ok(new ClientApi.AccountView(b.name(), b.balance(), b.locked())));
  }

  /** Completes when {@code user} exists; fails with 404 otherwise. */
  private CompletionStage<Role> requireUser(String user) {
    if (!Names.isIdentifier(user)) {
      return fail(Problem.notFound("no such user '" + user + "'"));
    }
    return account(user)
        .<AccountEntity.Verified>ask(AccountEntity.GetRole::new, ask)
        .thenApply(v -> v.role().orElseThrow(() -> Problem.notFound("no such user '" + user + "'")));
  }

  private CompletionStage<Reply> listAccounts(Principal.User u) {
    if (!u.admin()) {
      throw Problem.forbidden("only an admin lists the accounts");
    }
    return LedgerEntity.ref(system)
        .<LedgerEntity.Balances>ask(LedgerEntity.GetAll::new, ask)
        .thenApply(
            b -> {
              List<ClientApi.AccountView> views = new ArrayList<>();
              b.accounts().forEach((name, a) -> views.add(new ClientApi.AccountView(name, a.balance(), a.locked())));
              views.sort(java.util.Comparator.comparing(ClientApi.AccountView::account));
              return Reply.ok(new ClientApi.AccountList(views, b.total()));
            });
  }

  private CompletionStage<Reply> deposit(Principal.User u, String user, ClientApi.DepositRequest req) {
    if (!u.admin()) {
      throw Problem.forbidden("only an admin deposits credits");
    }
    if (req == null || req.amount() <= 0 || req.amount() > MAX_DEPOSIT) {
      throw Problem.badRequest("amount must be a whole number of credits between 1 and " + MAX_DEPOSIT);
    }
    if (req.key() != null && (req.key().isBlank() || req.key().length() > 100)) {
      throw Problem.badRequest("key must be 1 to 100 characters");
    }
    String key = "deposit:" + user + ":" + (req.key() != null ? req.key() : UUID.randomUUID().toString());
    return requireUser(user)
        .thenCompose(
            v -> {
              long now = System.currentTimeMillis();
              List<Ledger.Op> ops = List.of(new Ledger.Deposit(userAccount(user), req.amount()));
              return call(LedgerEntity.ref(system), LedgerEntity.Applied.class, reply -> new LedgerEntity.Apply(key, ops, now, reply));
            })
        .thenCompose(applied -> accountOf(user));
  }

  private CompletionStage<Reply> registerApp(Principal.User u, AppRequest req) {
    if (req == null || req.archive() == null || !Hashes.isSha256(req.archive().sha256())) {
      throw Problem.badRequest("archive must name an uploaded zip by its sha256");
    }
    if (!repo.exists(req.archive().sha256())
        || !(u.admin() || repo.isOwner(req.archive().sha256(), u.ownerKey()))) {
      throw Problem.badRequest("archive " + req.archive().sha256() + " is not in your data: upload it first");
    }
    return call(AppCatalog.ref(system), AppCatalog.Registered.class, reply -> new AppCatalog.Register(req, u.name(), reply))
        .thenApply(reg -> new Reply.Json(reg.created() ? 201 : 200, reg.app()));
  }

  // ---- jobs ---------------------------------------------------------------------------------

  private CompletionStage<Reply> submit(Principal.User u, JobRequest req) {
    if (req == null) {
      throw Problem.badRequest("missing body");
    }
    if (!Names.isIdentifier(req.app())) {
      throw Problem.badRequest("app must name a registered app");
    }
    int tasks = taskCount(req);
    Map<String, String> args = checkArgs(req.args());
    Map<String, List<String>> sweep = checkSweep(req.sweep());
    List<DataRef> inputs = checkInputs(u, req.inputs());
    long timeoutMs = settings.defaultTaskTimeout().toMillis();
    if (req.timeoutSeconds() != null) {
      if (req.timeoutSeconds() < 1 || req.timeoutSeconds() > 7 * 24 * 3600) {
        throw Problem.badRequest("timeoutSeconds must be between 1 and 604800");
      }
      timeoutMs = req.timeoutSeconds() * 1000;
    }
    int maxFailures = req.maxFailures() == null ? settings.maxFailures() : req.maxFailures();
    if (maxFailures < 0 || maxFailures > 100) {
      throw Problem.badRequest("maxFailures must be between 0 and 100");
    }
    String name = req.name() == null ? req.app() : req.name();
    if (name.length() > 200) {
      throw Problem.badRequest("name is longer than 200 characters");
    }
    long timeout = timeoutMs;
    TaskLimits limits = checkLimits(req.limits());
    String jobId = UUID.randomUUID().toString();
    Certification cert = certification(req, tasks);
    return affordable(u, cert, tasks)
        .thenCompose(ok -> call(AppCatalog.ref(system), AppView.class, reply -> new AppCatalog.Get(req.app(), reply)))
        .thenCompose(
            app -> {
              Requirements need = app.requirements().and(req.requirements());
              JobSpec plain =
                  new JobSpec(jobId, name, u.name(), app, tasks, args, sweep, inputs, timeout, maxFailures, need, Instant.now())
                      .withLimits(limits);
              JobSpec spec =
                  cert == null
                      ? plain
                      : plain.certified(cert.trust(), cert.category(), cert.price(), cert.stake(), settings.poco().schedulerRatio());
              return call(account(u.name()), AccountEntity.Done.class, reply -> new AccountEntity.AddJob(jobId, reply))
                  .thenCompose(d -> call(job(jobId), JobView.class, reply -> new JobEntity.Submit(spec, reply)));
            })
        .thenApply(Reply::created);
  }

  /** A job's task limits, checked: null when none is set. */
  private static TaskLimits checkLimits(TaskLimits l) {
    if (l == null || (l.memoryMb() == 0 && l.cpus() == 0 && l.pids() == 0)) {
      return null;
    }
    if (l.memoryMb() > 0 && (l.memoryMb() < 4 || l.memoryMb() > 1 << 20)) {
      throw Problem.badRequest("limits.memoryMb must be between 4 and 1048576 (0 = no limit)");
    }
    if (l.cpus() > 0 && (l.cpus() < 0.01 || l.cpus() > 1024)) {
      throw Problem.badRequest("limits.cpus must be between 0.01 and 1024 (0 = no limit)");
    }
    if (l.pids() > 0 && (l.pids() < 4 || l.pids() > 1_000_000)) {
      throw Problem.badRequest("limits.pids must be between 4 and 1000000 (0 = no limit)");
    }
    return l;
  }

  /** A certified job's terms, checked. */
  private record Certification(int trust, Category category, long price, long stake) {}

  private Certification certification(JobRequest req, int tasks) {
    DispatcherSettings.Poco poco = settings.poco();
    if (req.trust() == null) {
      if (req.category() != null || (req.price() != null && req.price() != 0)) {
        throw Problem.badRequest("category and price apply to certified jobs: set trust too (1 to " + poco.maxTrust() + ")");
      }
      return null;
    }
    if (req.trust() < 1 || req.trust() > poco.maxTrust()) {
      throw Problem.badRequest("trust must be between 1 and " + poco.maxTrust());
    }
    String name = req.category() == null ? poco.defaultCategory() : req.category();
    Category category = poco.category(name);
    if (category == null) {
      throw Problem.badRequest("unknown category '" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "' (one of " + String.join(", ", new java.util.TreeSet<>(poco.categories().keySet())) + ")");
    }
    long price = req.price() == null ? 0 : req.price();
    if (price < 0 || price > poco.maxPrice()) {
      throw Problem.badRequest("price must be a whole number of credits between 0 and " + poco.maxPrice());
    }
    try {
      Math.multiplyExact(price, (long) tasks);
    } catch (ArithmeticException e) {
      throw Problem.badRequest("price × tasks is too large");
    }
    return new Certification(req.trust(), category, price, price * poco.workerStakeRatio() / 100);
  }

  /** Fails with 402 when the requester's free credits cannot cover the job (the job locks them). */
  private CompletionStage<Void> affordable(Principal.User u, Certification cert, int tasks) {
    if (cert == null || cert.price() == 0) {
      return done(null);
    }
    long needed = cert.price() * tasks;
    // the job locks the credits itself, under the ledger's rules; this check spares a doomed job
    return LedgerEntity.ref(system)
        .<LedgerEntity.AccountBalance>ask(reply -> new LedgerEntity.GetAccount(userAccount(u.name()), reply), ask)
        .thenAccept(
            b -> {
              if (b.balance() < needed) {
                throw new Problem(402, "the job costs " + needed + " credits (" + cert.price() + " × " + tasks
                    + " tasks) but " + b.name() + " has " + b.balance() + " free");
              }
            });
  }

  private int taskCount(JobRequest req) {
    long sweepSize = JobSpec.sweepSize(req.sweep(), settings.maxTasks());
    if (sweepSize < 0) {
      throw Problem.badRequest("the sweep expands to more than " + settings.maxTasks() + " tasks");
    }
    boolean hasSweep = req.sweep() != null && !req.sweep().isEmpty();
    if (hasSweep) {
      if (req.tasks() != 0 && req.tasks() != sweepSize) {
        throw Problem.badRequest("tasks is " + req.tasks() + " but the sweep expands to " + sweepSize);
      }
      return (int) sweepSize;
    }
    if (req.tasks() < 1 || req.tasks() > settings.maxTasks()) {
      throw Problem.badRequest("tasks must be between 1 and " + settings.maxTasks());
    }
    return req.tasks();
  }

  private static Map<String, String> checkArgs(Map<String, String> args) {
    try {
      return JobSpec.checkArgs(args);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(e.getMessage());
    }
  }

  private static void checkKey(String key) {
    if (!JobSpec.isArgKey(key)) {
      throw Problem.badRequest("argument name '" + key + "' is not valid: 1-64 of A-Z a-z 0-9 _ . -");
    }
  }

  private static Map<String, List<String>> checkSweep(Map<String, List<String>> sweep) {
    if (sweep == null) {
      return Map.of();
    }
    if (sweep.size() > 20) {
      throw Problem.badRequest("at most 20 sweep keys");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : sweep.entrySet()) {
      checkKey(e.getKey());
      List<String> vs = e.getValue();
      if (vs == null || vs.isEmpty() || vs.stream().anyMatch(v -> v == null || v.length() > 4096 || v.indexOf('\0') >= 0)) {
        throw Problem.badRequest("sweep " + e.getKey() + " needs a non-empty list of values");
      }
      out.put(e.getKey(), List.copyOf(vs));
    }
    return out;
  }

  private List<DataRef> checkInputs(Principal.User u, List<DataRef> inputs) {
    if (inputs == null) {
      return List.of();
    }
    if (inputs.size() > 1000) {
      throw Problem.badRequest("at most 1000 inputs");
    }
    Set<String> names = new HashSet<>();
    List<DataRef> out = new ArrayList<>();
    for (DataRef d : inputs) {
      if (d == null || !Hashes.isSha256(d.sha256())) {
        throw Problem.badRequest("each input needs a sha256");
      }
      if (!Names.isFileName(d.name())) {
        throw Problem.badRequest("input name '" + (d == null ? null : d.name()) + "' is not a plain file name");
      }
      if (!names.add(d.name())) {
        throw Problem.badRequest("two inputs are named " + d.name());
      }
      if (!repo.exists(d.sha256()) || !(u.admin() || repo.isOwner(d.sha256(), u.ownerKey()))) {
        throw Problem.badRequest("input " + d.name() + " (" + d.sha256() + ") is not in your data: upload it first");
      }
      try {
        out.add(new DataRef(d.sha256(), repo.size(d.sha256()), d.name()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Owners and admins read their data; a worker reads the app and inputs of a job it was given. */
  private CompletionStage<Reply> readData(Principal p, String sha256, String ticket) {
    if (!Hashes.isSha256(sha256) || !repo.exists(sha256)) {
      throw Problem.notFound("no such data");
    }
    if (p instanceof Principal.User u && u.role() != Role.WORKER) {
      if (u.admin() || repo.isOwner(sha256, u.ownerKey())) {
        return done(blob(sha256));
      }
      throw Problem.notFound("no such data");
    }
    if (p instanceof Principal.Worker w) {
      String jobId = tickets.jobOf(ticket, w.workerId(), System.currentTimeMillis());
      if (repo.isOwner(sha256, w.ownerKey())) {
        return done(blob(sha256));
      }
      if (jobId == null) {
        throw Problem.forbidden("a worker needs a valid ticket of its assignment to read data");
      }
      return job(jobId)
          .<Boolean>ask(reply -> new JobEntity.MayRead(w.workerId(), sha256, reply), ask)
          .thenApply(
              ok -> {
                if (!ok) {
                  throw Problem.forbidden("this data is not part of the ticket's job");
                }
                return blob(sha256);
              });
    }
    throw Problem.forbidden("this token may not read data");
  }

  private CompletionStage<Reply> listJobs(Principal.User u, int limit) {
    return account(u.name())
        .<AccountEntity.JobIds>ask(AccountEntity.GetJobs::new, ask)
        .thenCompose(
            ids -> {
              List<String> last = ids.jobIds().subList(Math.max(0, ids.jobIds().size() - limit), ids.jobIds().size());
              List<CompletableFuture<Optional<JobView>>> views = new ArrayList<>();
              for (String id : last) {
                views.add(
                    job(id)
                        .<StatusReply<JobView>>ask(reply -> new JobEntity.GetView(caller(u), reply), ask)
                        .thenApply(s -> s.isSuccess() ? Optional.of(s.getValue()) : Optional.<JobView>empty())
                        .exceptionally(t -> Optional.empty())
                        .toCompletableFuture());
              }
              return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
                  .thenApply(
                      v -> {
                        List<JobView> out = new ArrayList<>();
                        views.forEach(f -> f.join().ifPresent(out::add));
                        return Reply.ok(new JobList(out));
                      });
            });
  }

  private static int index(String s) {
    try {
      int i = Integer.parseInt(s);
      if (i >= 0) {
        return i;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw Problem.badRequest("task index must be a non-negative integer");
  }

  // ---- workers ------------------------------------------------------------------------------

  private CompletionStage<Reply> register(Request r, Principal p) {
    WorkerApi.Register req = body(r, WorkerApi.Register.class);
    if (req == null || req.capabilities() == null) {
      throw Problem.badRequest("register needs name, capabilities and slots");
    }
    if (req.slots() < 1 || req.slots() > 1024) {
      throw Problem.badRequest("slots must be between 1 and 1024");
    }
    if (req.address() != null && !ADDRESS.matcher(req.address()).matches()) {
      throw Problem.badRequest("address must be 0x and 40 hex digits (the worker key's address)");
    }
    String address = req.address() == null ? null : req.address().toLowerCase(java.util.Locale.ROOT);
    String name = req.name() == null ? "worker" : req.name();
    if (name.length() > 100) {
      throw Problem.badRequest("name is longer than 100 characters");
    }
    long now = System.currentTimeMillis();
    long hbInterval = settings.heartbeatInterval().toMillis();
    long hbTimeout = settings.heartbeatTimeout().toMillis();
    if (p instanceof Principal.Worker w) {
      if (req.workerId() != null && !req.workerId().equals(w.workerId())) {
        throw Problem.forbidden("a worker may only register itself again");
      }
      verifier.forgetWorker(w.workerId());
      return call(WorkerEntity.ref(system, w.workerId()), WorkerEntity.State.class, reply -> new WorkerEntity.ReRegister(req.capabilities(), req.slots(), now, address, reply))
          .thenApply(s -> Reply.ok(new WorkerApi.Registered(w.workerId(), null, hbInterval, hbTimeout)));
    }
    Principal.User u = (Principal.User) p;
    if (u.role() != Role.WORKER && u.role() != Role.ADMIN) {
      throw Problem.forbidden("registering a worker needs a token of role worker or admin");
    }
    if (req.workerId() != null) {
      throw Problem.badRequest("to register again, send the worker's own token, not the enrolment token");
    }
    String workerId = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String token = Tokens.newWorkerToken(workerId);
    return call(WorkerEntity.ref(system, workerId), WorkerEntity.State.class, reply ->
                        new WorkerEntity.Register(
                            name, u.name(), req.capabilities(), req.slots(), Tokens.hash(token), now, address, reply))
        .thenApply(s -> Reply.created(new WorkerApi.Registered(workerId, token, hbInterval, hbTimeout)));
  }

  private CompletionStage<Reply> heartbeat(Principal.Worker w, WorkerApi.Heartbeat hb) {
    List<ReplicaRef> running = hb == null ? List.of() : hb.running();
    if (running.size() > 100_000 || running.stream().anyMatch(x -> x == null || x.jobId() == null)) {
      throw Problem.badRequest("running must list replicas");
    }
    String activity = hb == null ? null : hb.activity();
    if (activity != null && activity.length() > 200) {
      throw Problem.badRequest("activity is longer than 200 characters");
    }
    Map<String, List<ReplicaRef>> byJob = new HashMap<>();
    for (ReplicaRef x : running) {
      byJob.computeIfAbsent(x.jobId(), k -> new ArrayList<>()).add(x);
    }
    return AskPattern.<Scheduler.Command, Scheduler.Jobs>ask(
            scheduler,
            reply -> new Scheduler.Heartbeat(w.workerId(), w.capabilities(), running.size(), List.copyOf(byJob.keySet()), activity, reply),
            ask,
            system.scheduler())
        .thenCompose(
            jobs -> {
              List<CompletableFuture<JobEntity.Reconciled>> all = new ArrayList<>();
              for (String jobId : jobs.jobIds()) {
                List<ReplicaRef> mine = byJob.getOrDefault(jobId, List.of());
                all.add(
                    job(jobId)
                        .<JobEntity.Reconciled>ask(reply -> new JobEntity.Reconcile(w.workerId(), mine, reply), ask)
                        .toCompletableFuture());
              }
              return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                  .thenApply(
                      v -> {
                        List<ReplicaRef> abort = new ArrayList<>();
                        List<ReplicaRef> reveal = new ArrayList<>();
                        List<ReplicaRef> upload = new ArrayList<>();
                        all.forEach(
                            f -> {
                              abort.addAll(f.join().abort());
                              reveal.addAll(f.join().reveal());
                              upload.addAll(f.join().upload());
                            });
                        return Reply.ok(new WorkerApi.HeartbeatAck(abort, reveal, upload));
                      });
            });
  }

  /**
   * A long poll for work; when the worker's connection closes while it waits ({@code closed}),
   * the scheduler forgets it rather than hand tasks to a worker that will never get them.
   */
  private CompletionStage<Reply> work(Principal.Worker w, WorkerApi.WorkRequest req, CompletionStage<Void> closed) {
    if (req == null || req.maxTasks() < 1 || req.maxTasks() > 100_000) {
      throw Problem.badRequest("maxTasks must be between 1 and 100000");
    }
    long wait = Math.max(0, Math.min(req.waitMs(), settings.maxLongPoll().toMillis()));
    java.util.concurrent.atomic.AtomicReference<ActorRef<JobEntity.Assigned>> asking = new java.util.concurrent.atomic.AtomicReference<>();
    if (closed != null) {
      closed.thenRun(
          () -> {
            ActorRef<JobEntity.Assigned> ref = asking.get();
            if (ref != null) {
              scheduler.tell(new Scheduler.CancelWork(w.workerId(), ref));
            }
          });
    }
    return AskPattern.<Scheduler.Command, JobEntity.Assigned>ask(
            scheduler,
            reply -> {
              asking.set(reply);
              return new Scheduler.RequestWork(
                  w.workerId(), w.capabilities(), req.maxTasks(), wait, reply, w.address(), w.score(), w.slots());
            },
            ask.plusMillis(wait),
            system.scheduler())
        .thenApply(
            a -> {
              long expiry = System.currentTimeMillis() + settings.ticketTtl().toMillis();
              List<Assignment> out = new ArrayList<>(a.assignments().size());
              String lastJob = null;
              String ticket = null;
              for (Assignment x : a.assignments()) {
                if (!x.replica().jobId().equals(lastJob)) {
                  lastJob = x.replica().jobId();
                  ticket = tickets.issue(w.workerId(), lastJob, expiry);
                }
                out.add(x.withTicket(ticket));
              }
              return Reply.ok(new WorkerApi.WorkBatch(out));
            });
  }

  private CompletionStage<Reply> status(Principal.Worker w, WorkerApi.StatusReport report) {
    if (report == null || report.updates() == null || report.updates().size() > 100_000) {
      throw Problem.badRequest("updates must list replica states");
    }
    for (WorkerApi.StatusUpdate u : report.updates()) {
      if (u == null || u.replica() == null || u.replica().jobId() == null || u.state() == null) {
        throw Problem.badRequest("each update needs a replica and a state");
      }
    }
    scheduler.tell(new Scheduler.Progress(w.workerId(), report.updates()));
    return done(new Reply.NoContent());
  }

  private CompletionStage<Reply> results(Principal.Worker w, WorkerApi.ResultReport report) {
    if (report == null || report.reports() == null || report.reports().size() > 100_000) {
      throw Problem.badRequest("reports must list task reports");
    }
    Map<String, List<TaskReport>> byJob = new LinkedHashMap<>();
    boolean contributions = false;
    for (TaskReport t : report.reports()) {
      if (t == null || t.replica() == null || t.replica().jobId() == null) {
        throw Problem.badRequest("each report needs its replica");
      }
      TaskReport checked = t;
      contributions |= t.isContribution();
      if (t.success() && !t.isContribution() && (t.result() == null || !Hashes.isSha256(t.result().sha256()) || !repo.isOwner(t.result().sha256(), w.ownerKey()))) {
        checked = new TaskReport(t.replica(), false, null, null, t.exitCode(), "result not uploaded by this worker", t.elapsedMs());
      }
      byJob.computeIfAbsent(t.replica().jobId(), k -> new ArrayList<>()).add(checked);
    }
    // a contribution counts with the worker's score now, not the one cached with its token
    CompletionStage<Long> score =
        !contributions
            ? done(w.score())
            : WorkerEntity.ref(system, w.workerId())
                .<Optional<WorkerEntity.State>>ask(WorkerEntity.Get::new, ask)
                .thenApply(st -> st.map(WorkerEntity.State::score).orElse(0L));
    return score.thenCompose(
        sc -> {
          List<CompletableFuture<JobEntity.Reported>> all = new ArrayList<>();
          for (Map.Entry<String, List<TaskReport>> e : byJob.entrySet()) {
            all.add(
                job(e.getKey())
                    .<JobEntity.Reported>ask(reply -> new JobEntity.Report(w.workerId(), e.getValue(), reply, w.owner(), sc), ask)
                    .toCompletableFuture());
          }
          return acks(all);
        });
  }

  private CompletionStage<Reply> reveals(Principal.Worker w, WorkerApi.RevealReport report) {
    if (report == null || report.reveals() == null || report.reveals().size() > 100_000) {
      throw Problem.badRequest("reveals must list reveals");
    }
    Map<String, List<WorkerApi.Reveal>> byJob = new LinkedHashMap<>();
    for (WorkerApi.Reveal x : report.reveals()) {
      if (x == null || x.replica() == null || x.replica().jobId() == null || x.digest() == null) {
        throw Problem.badRequest("each reveal needs its replica and digest");
      }
      if (x.result() != null && (!Hashes.isSha256(x.result().sha256()) || !repo.isOwner(x.result().sha256(), w.ownerKey()))) {
        throw Problem.badRequest("the result of " + x.replica() + " was not uploaded by this worker");
      }
      byJob.computeIfAbsent(x.replica().jobId(), k -> new ArrayList<>()).add(x);
    }
    List<CompletableFuture<JobEntity.Reported>> all = new ArrayList<>();
    for (Map.Entry<String, List<WorkerApi.Reveal>> e : byJob.entrySet()) {
      all.add(
          job(e.getKey())
              .<JobEntity.Reported>ask(reply -> new JobEntity.RevealResults(w.workerId(), e.getValue(), reply), ask)
              .toCompletableFuture());
    }
    return acks(all);
  }

  /** The jobs' answers to a worker's reports or reveals, as one acknowledgement. */
  private static CompletionStage<Reply> acks(List<CompletableFuture<JobEntity.Reported>> all) {
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<ReplicaRef> accepted = new ArrayList<>();
              List<ReplicaRef> ignored = new ArrayList<>();
              all.forEach(
                  f -> {
                    accepted.addAll(f.join().accepted());
                    ignored.addAll(f.join().ignored());
                  });
              return Reply.ok(new WorkerApi.ResultAck(accepted, ignored));
            });
  }

  private CompletionStage<Reply> listWorkers() {
    JdbcReadJournal journal =
        PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    String prefix = WorkerEntity.ENTITY_TYPE_KEY.name() + "|";
    CompletionStage<List<String>> ids =
        journal.currentPersistenceIds().filter(id -> id.startsWith(prefix)).map(id -> id.substring(prefix.length())).runWith(Sink.seq(), system);
    CompletionStage<Scheduler.Live> live = AskPattern.ask(scheduler, Scheduler.GetLive::new, ask, system.scheduler());
    return ids.thenCombine(live, (list, l) -> Map.entry(list, l))
        .thenCompose(
            pair -> {
              List<CompletableFuture<Optional<WorkerEntity.State>>> states = new ArrayList<>();
              for (String id : pair.getKey()) {
                states.add(WorkerEntity.ref(system, id).<Optional<WorkerEntity.State>>ask(WorkerEntity.Get::new, ask).toCompletableFuture());
              }
              return CompletableFuture.allOf(states.toArray(CompletableFuture[]::new))
                  .thenApply(
                      v -> {
                        List<WorkerView> out = new ArrayList<>();
                        for (CompletableFuture<Optional<WorkerEntity.State>> f : states) {
                          f.join().ifPresent(s -> out.add(view(s, pair.getValue().workers().get(s.id()))));
                        }
                        out.sort(java.util.Comparator.comparing(WorkerView::registeredAt));
                        return Reply.ok(new WorkerList(out));
                      });
            });
  }

  private static WorkerView view(WorkerEntity.State s, Scheduler.LiveWorker live) {
    String status = s.status().name();
    Instant lastSeen = Instant.ofEpochMilli(s.statusSince());
    int running = 0;
    String activity = null;
    if (live != null) {
      status = live.lost() ? "LOST" : "ACTIVE";
      lastSeen = Instant.ofEpochMilli(live.lastSeen());
      running = live.running();
      activity = live.lost() ? null : live.activity();
    }
    return new WorkerView(
        s.id(), s.name(), s.owner(), status, s.capabilities(), s.slots(), running, lastSeen,
        Instant.ofEpochMilli(s.registeredAt()), s.history(), s.address(), s.score(), activity);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<JobEntity.Command> job(String id) {
    if (id.length() > 64 || !JOB_ID.matcher(id).matches()) {
      throw Problem.notFound("unknown job '" + (id.length() > 64 ? id.substring(0, 64) + "…" : id) + "'");
    }
    return JobEntity.ref(system, id);
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<AccountEntity.Command> account(String name) {
    return org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system)
        .entityRefFor(AccountEntity.ENTITY_TYPE_KEY, name);
  }

  private Reply blob(String sha256) {
    try {
      return new Reply.Blob(repo.blob(sha256), repo.size(sha256));
    } catch (java.io.IOException e) {
      throw Problem.notFound("blob " + sha256 + " is missing from the repository");
    }
  }

  static <T> T body(Request r, Class<T> type) {
    if (r.body() == null || r.body().length == 0) {
      return null;
    }
    try {
      return Json.mapper().readValue(r.body(), type);
    } catch (JacksonException e) {
      String msg = e.getOriginalMessage();
      throw Problem.badRequest("malformed JSON for " + type.getSimpleName() + ": " + (msg == null ? "" : msg.lines().findFirst().orElse("")));
    } catch (java.io.IOException e) {
      throw Problem.badRequest("unreadable body");
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(e.getMessage());
    }
  }

  private <M, T> CompletionStage<T> call(
      org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<M> ref,
      Class<T> type,
      java.util.function.Function<ActorRef<StatusReply<T>>, M> command) {
    return unwrap(ref.<StatusReply<T>>ask(command::apply, ask));
  }

  static <T> CompletionStage<T> unwrap(CompletionStage<StatusReply<T>> reply) {
    return reply.thenApply(
        r -> {
          if (r.isSuccess()) {
            return r.getValue();
          }
          Problem p = Problem.of(r.getError());
          throw p != null ? p : new CompletionException(r.getError());
        });
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private static <T> CompletionStage<T> fail(Throwable t) {
    return CompletableFuture.failedFuture(t);
  }
}
