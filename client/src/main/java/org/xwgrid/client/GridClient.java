package org.xwgrid.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.Names;
import org.xwgrid.common.api.ApiPaths;
import org.xwgrid.common.api.ClientApi.AccountList;
import org.xwgrid.common.api.ClientApi.AccountView;
import org.xwgrid.common.api.ClientApi.AppList;
import org.xwgrid.common.api.ClientApi.DepositRequest;
import org.xwgrid.common.api.ClientApi.AppRequest;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.ErrorView;
import org.xwgrid.common.api.ClientApi.JobList;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskList;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.ClientApi.UserCreated;
import org.xwgrid.common.api.ClientApi.UserRequest;
import org.xwgrid.common.api.ClientApi.WorkerList;
import org.xwgrid.common.api.DataRef;

/**
 * The Java client of a dispatcher's client API ({@code /api/v1/...}): one method per endpoint, in
 * two forms. {@code xxxAsync(...)} returns a {@link CompletionStage} that fails with a {@link
 * GridClientException} (wrapped in a {@link CompletionException} where the JDK wraps); {@code
 * xxx(...)} blocks and throws the {@link GridClientException} itself.
 *
 * <p>Thread-safe: one instance can serve many threads. It owns one HTTP/1.1 {@link HttpClient}
 * (keep-alive connections) and a pool of daemon threads for hashing and zipping.
 *
 * <pre>{@code
 * GridClient grid = new GridClient(GridClientOptions.builder()
 *     .baseUrl("http://127.0.0.1:8080").token(System.getenv("XW_TOKEN")).build());
 * DataRef input = grid.uploadFile(Path.of("image.png"), "image.png");
 * JobView job = grid.submitJob(new JobRequest("cartoon", "my-job", 1, Map.of(), null,
 *     List.of(input), null, null, null));
 * }</pre>
 */
public final class GridClient {
  private static final Logger log = LoggerFactory.getLogger(GridClient.class);
  private static final String JSON = "application/json";
  private static final String USER_AGENT = "xwgrid-client";

  /** How many tasks {@link #listAllTasks} asks for at once (the gateway allows up to 10 000). */
  public static final int TASK_PAGE = 1000;

  private final GridClientOptions options;
  private final ObjectMapper mapper = Json.mapper();
  private final ExecutorService executor;
  private final HttpClient http;

  public GridClient(GridClientOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.executor = Executors.newCachedThreadPool(new DaemonThreads());
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  /** A client of {@code baseUrl} with the default timeouts. */
  public static GridClient create(String baseUrl, String token) {
    return new GridClient(GridClientOptions.builder().baseUrl(baseUrl).token(token).build());
  }

  public GridClientOptions options() {
    return options;
  }

  // ---------------------------------------------------------------------------------- health

  /** {@code GET /api/v1/health} (no token needed). */
  public CompletionStage<Health> healthAsync() {
    return getJson(ApiPaths.HEALTH, Health.class);
  }

  public Health health() {
    return await(healthAsync());
  }

  // ----------------------------------------------------------------------------------- users

  /** {@code POST /api/v1/users} (admin token): the new user's token is in the answer, once. */
  public CompletionStage<UserCreated> createUserAsync(UserRequest request) {
    return postJson(ApiPaths.USERS, request, UserCreated.class);
  }

  public UserCreated createUser(UserRequest request) {
    return await(createUserAsync(request));
  }

  // ------------------------------------------------------------------------------------ data

  /**
   * {@code PUT /api/v1/data/{sha256}?name=NAME}: hashes {@code file} first, then streams it. The
   * dispatcher answers 201 when it stored it, 200 when it already had it; both give its {@link
   * DataRef}. {@code name} must be a plain file name ({@link Names#isFileName}).
   */
  public CompletionStage<DataRef> uploadFileAsync(Path file, String name) {
    Objects.requireNonNull(file, "file");
    try {
      Names.requireFileName("data name", name);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(() -> sha256Of(file), executor)
        .thenCompose(sha -> upload(file, name, sha));
  }

  public DataRef uploadFile(Path file, String name) {
    return await(uploadFileAsync(file, name));
  }

  /** Uploads {@code file} under its own file name. */
  public DataRef uploadFile(Path file) {
    return uploadFile(file, String.valueOf(file.getFileName()));
  }

  private CompletionStage<DataRef> upload(Path file, String name, String sha256) {
    HttpRequest.BodyPublisher body;
    try {
      body = BodyPublishers.ofFile(file);
    } catch (FileNotFoundException e) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(file + " is missing or not readable", e));
    }
    HttpRequest request =
        request(ApiPaths.DATA + "/" + sha256 + "?name=" + encode(name), options.transferTimeout())
            .header("Content-Type", "application/octet-stream")
            // no "Expect: 100-continue": the JDK 17 client waits for ever when the gateway answers
            // it with a refusal (401) and closes; without it, refusals (401, 413) still come back
            .PUT(body)
            .build();
    return send(request, bytes())
        .thenApply(
            response -> {
              DataRef ref = decode(request, response, DataRef.class);
              if (!sha256.equals(ref.sha256())) {
                throw GridClientException.noAnswer(
                    "the dispatcher stored " + name + " as " + ref.sha256() + ", not " + sha256, null);
              }
              return ref;
            });
  }

  /**
   * {@code GET /api/v1/data/{sha256}} into {@code target} (replaced if present), written to a
   * temporary file beside it first and checked against the sha256.
   */
  public CompletionStage<Path> downloadDataAsync(String sha256, Path target) {
    if (!Hashes.isSha256(sha256)) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("'" + sha256 + "' is not a sha256 (64 lower-case hex digits)"));
    }
    return download(ApiPaths.DATA + "/" + sha256, target, sha256);
  }

  public Path downloadData(String sha256, Path target) {
    return await(downloadDataAsync(sha256, target));
  }

  // ------------------------------------------------------------------------------------ apps

  /** {@code POST /api/v1/apps}: 201 when new, 200 when the same app was already registered. */
  public CompletionStage<AppView> registerAppAsync(AppRequest request) {
    return postJson(ApiPaths.APPS, request, AppView.class);
  }

  public AppView registerApp(AppRequest request) {
    return await(registerAppAsync(request));
  }

  /**
   * Registers the app of a folder holding an {@code xwapp.json} ({@link AppManifest}): zips the
   * listed files deterministically, uploads the zip, then registers the app with it.
   */
  public CompletionStage<AppView> registerAppFolderAsync(Path appDir) {
    return CompletableFuture.supplyAsync(() -> packageApp(appDir), executor)
        .thenCompose(
            packaged ->
                uploadFileAsync(packaged.zip(), packaged.manifest().archiveName())
                    .whenComplete((ref, err) -> {
                      if (packaged.temporary()) {
                        deleteQuietly(packaged.zip());
                      }
                    })
                    .thenCompose(ref -> registerAppAsync(packaged.manifest().toRequest(ref))));
  }

  public AppView registerAppFolder(Path appDir) {
    return await(registerAppFolderAsync(appDir));
  }

  /** {@code temporary}: the zip was made here and is deleted after upload (a docker archive is not). */
  private record Packaged(AppManifest manifest, Path zip, boolean temporary) {}

  private static Packaged packageApp(Path dirOrManifest) {
    try {
      AppManifest manifest = AppManifest.read(dirOrManifest);
      Path appDir = AppManifest.folderOf(dirOrManifest);
      java.util.Map<String, Path> files = manifest.resolveFiles(appDir);
      if (manifest.isDocker()) {
        return new Packaged(manifest, files.values().iterator().next(), false);
      }
      Path zip = Files.createTempFile("xwapp-" + manifest.name() + "-", ".zip");
      try {
        manifest.zipPackage(appDir, zip);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(zip);
        throw e;
      }
      return new Packaged(manifest, zip, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code GET /api/v1/apps}. */
  public CompletionStage<AppList> listAppsAsync() {
    return getJson(ApiPaths.APPS, AppList.class);
  }

  public AppList listApps() {
    return await(listAppsAsync());
  }

  /** {@code GET /api/v1/apps/{name}}. */
  public CompletionStage<AppView> getAppAsync(String name) {
    return getJson(ApiPaths.APPS + "/" + segment(name), AppView.class);
  }

  public AppView getApp(String name) {
    return await(getAppAsync(name));
  }

  // ------------------------------------------------------------------------------------ jobs

  /** {@code POST /api/v1/jobs}. */
  public CompletionStage<JobView> submitJobAsync(JobRequest request) {
    return postJson(ApiPaths.JOBS, request, JobView.class);
  }

  public JobView submitJob(JobRequest request) {
    return await(submitJobAsync(request));
  }

  /** {@code GET /api/v1/jobs}: the caller's jobs (the dispatcher's default number of the last ones). */
  public CompletionStage<JobList> listJobsAsync() {
    return getJson(ApiPaths.JOBS, JobList.class);
  }

  public JobList listJobs() {
    return await(listJobsAsync());
  }

  /** {@code GET /api/v1/jobs?limit=N}: the caller's last {@code limit} jobs. */
  public CompletionStage<JobList> listJobsAsync(int limit) {
    if (limit < 1) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be >= 1, not " + limit));
    }
    return getJson(ApiPaths.JOBS + "?limit=" + limit, JobList.class);
  }

  public JobList listJobs(int limit) {
    return await(listJobsAsync(limit));
  }

  /** {@code GET /api/v1/jobs/{id}}. */
  public CompletionStage<JobView> getJobAsync(String jobId) {
    return getJson(jobPath(jobId), JobView.class);
  }

  public JobView getJob(String jobId) {
    return await(getJobAsync(jobId));
  }

  /** {@code POST /api/v1/jobs/{id}/cancel}. */
  public CompletionStage<JobView> cancelJobAsync(String jobId) {
    HttpRequest request =
        request(jobPath(jobId) + "/cancel", options.requestTimeout())
            .POST(BodyPublishers.noBody())
            .build();
    return send(request, bytes()).thenApply(r -> decode(request, r, JobView.class));
  }

  public JobView cancelJob(String jobId) {
    return await(cancelJobAsync(jobId));
  }

  /** {@code GET /api/v1/jobs/{id}/tasks?from=F&limit=L}: at most {@code limit} tasks from index {@code from}. */
  public CompletionStage<TaskList> listTasksAsync(String jobId, int from, int limit) {
    if (from < 0 || limit < 1) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("from must be >= 0 and limit >= 1, not " + from + " and " + limit));
    }
    return getJson(jobPath(jobId) + "/tasks?from=" + from + "&limit=" + limit, TaskList.class);
  }

  public TaskList listTasks(String jobId, int from, int limit) {
    return await(listTasksAsync(jobId, from, limit));
  }

  /**
   * Every task of a job, in index order: {@code GET /api/v1/jobs/{id}/tasks} page after page of
   * {@link #TASK_PAGE}, until a page comes back short.
   */
  public CompletionStage<List<TaskView>> listAllTasksAsync(String jobId) {
    return allTasksFrom(jobId, 0, new ArrayList<>());
  }

  public List<TaskView> listAllTasks(String jobId) {
    return await(listAllTasksAsync(jobId));
  }

  private CompletionStage<List<TaskView>> allTasksFrom(String jobId, int from, List<TaskView> acc) {
    return listTasksAsync(jobId, from, TASK_PAGE).thenCompose(page -> {
      List<TaskView> got = page.tasks() == null ? List.of() : page.tasks();
      acc.addAll(got);
      if (got.size() < TASK_PAGE) {
        return CompletableFuture.completedFuture(List.copyOf(acc));
      }
      return allTasksFrom(jobId, from + got.size(), acc);
    });
  }

  /**
   * {@code GET /api/v1/jobs/{id}/tasks/{index}/result} into {@code zip} (replaced if present). Fails
   * with status 404 while the task has no result.
   */
  public CompletionStage<Path> downloadResultAsync(String jobId, int index, Path zip) {
    if (index < 0) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("task index " + index + " < 0"));
    }
    return download(jobPath(jobId) + "/tasks/" + index + "/result", zip, null);
  }

  public Path downloadResult(String jobId, int index, Path zip) {
    return await(downloadResultAsync(jobId, index, zip));
  }

  // --------------------------------------------------------------------------------- workers

  /** {@code GET /api/v1/workers}. */
  public CompletionStage<WorkerList> listWorkersAsync() {
    return getJson(ApiPaths.WORKERS, WorkerList.class);
  }

  public WorkerList listWorkers() {
    return await(listWorkersAsync());
  }

  // -------------------------------------------------------------------------------- accounts

  /** {@code GET /api/v1/accounts/NAME}, or the caller's own account when {@code user} is null. */
  public CompletionStage<AccountView> accountAsync(String user) {
    return getJson(ApiPaths.ACCOUNTS + "/" + (user == null ? "me" : Names.requireIdentifier("user name", user)), AccountView.class);
  }

  public AccountView account(String user) {
    return await(accountAsync(user));
  }

  public CompletionStage<AccountList> listAccountsAsync() {
    return getJson(ApiPaths.ACCOUNTS, AccountList.class);
  }

  public AccountList listAccounts() {
    return await(listAccountsAsync());
  }

  /** {@code POST /api/v1/accounts/NAME/deposit} (admin): the account after the deposit. */
  public CompletionStage<AccountView> depositAsync(String user, DepositRequest request) {
    return postJson(ApiPaths.ACCOUNTS + "/" + Names.requireIdentifier("user name", user) + "/deposit", request, AccountView.class);
  }

  public AccountView deposit(String user, DepositRequest request) {
    return await(depositAsync(user, request));
  }

  // -------------------------------------------------------------------------------- plumbing

  /**
   * Waits for {@code stage} and returns its value, or throws what it failed with: a {@link
   * GridClientException}, or the {@link IllegalArgumentException} or {@link UncheckedIOException}
   * of a bad local argument (a missing file, an invalid name).
   */
  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GridClientException.noAnswer("interrupted while waiting for the dispatcher", e);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      if (cause instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw new IllegalStateException(cause);
    }
  }

  private <T> CompletionStage<T> getJson(String pathAndQuery, Class<T> type) {
    HttpRequest request = request(pathAndQuery, options.requestTimeout()).GET().build();
    return send(request, bytes()).thenApply(r -> decode(request, r, type));
  }

  private <T> CompletionStage<T> postJson(String path, Object body, Class<T> type) {
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("cannot write " + body, e));
    }
    HttpRequest request =
        request(path, options.requestTimeout())
            .header("Content-Type", JSON)
            .POST(BodyPublishers.ofByteArray(json))
            .build();
    return send(request, bytes()).thenApply(r -> decode(request, r, type));
  }

  private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(options.baseUrl() + pathAndQuery))
            .timeout(timeout)
            .header("Accept", JSON)
            .header("User-Agent", USER_AGENT);
    if (options.token() != null) {
      b.header("Authorization", "Bearer " + options.token());
    }
    return b;
  }

  private static BodyHandler<byte[]> bytes() {
    return HttpResponse.BodyHandlers.ofByteArray();
  }

  private <B> CompletableFuture<HttpResponse<B>> send(HttpRequest request, BodyHandler<B> handler) {
    return http.sendAsync(request, handler)
        .handle(
            (response, err) -> {
              if (err != null) {
                throw noAnswer(request, unwrap(err));
              }
              log.debug("{} {} -> {}", request.method(), request.uri(), response.statusCode());
              return response;
            });
  }

  private <T> T decode(HttpRequest request, HttpResponse<byte[]> response, Class<T> type) {
    if (response.statusCode() / 100 != 2) {
      throw errorOf(response.statusCode(), response.body());
    }
    try {
      return mapper.readValue(response.body(), type);
    } catch (IOException e) {
      throw GridClientException.noAnswer(
          "unexpected answer to " + request.method() + " " + request.uri().getPath()
              + " (HTTP " + response.statusCode() + "): " + firstLine(e.getMessage()),
          e);
    }
  }

  /** Outcome of a download: the file on 2xx, else the error body. */
  private record Download(int status, Path file, byte[] error) {}

  private CompletionStage<Path> download(String pathAndQuery, Path target, String expectedSha256) {
    Path tmp;
    try {
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      tmp = Files.createTempFile(parent, ".xw-", ".part");
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new UncheckedIOException(e));
    }
    HttpRequest request = request(pathAndQuery, options.transferTimeout()).GET().build();
    BodyHandler<Download> handler =
        info ->
            info.statusCode() / 100 == 2
                ? BodySubscribers.mapping(
                    BodySubscribers.ofFile(tmp), p -> new Download(info.statusCode(), p, null))
                : BodySubscribers.mapping(
                    BodySubscribers.ofByteArray(), b -> new Download(info.statusCode(), null, b));
    return send(request, handler)
        .thenApply(
            response -> {
              Download d = response.body();
              if (d.file() == null) {
                throw errorOf(d.status(), d.error());
              }
              try {
                if (expectedSha256 != null) {
                  String got = Hashes.sha256Hex(tmp);
                  if (!got.equals(expectedSha256)) {
                    throw GridClientException.noAnswer(
                        "downloaded data " + expectedSha256 + " has sha256 " + got, null);
                  }
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .whenComplete((p, err) -> {
          if (err != null) {
            deleteQuietly(tmp);
          }
        });
  }

  private GridClientException errorOf(int status, byte[] body) {
    if (body != null && body.length > 0) {
      try {
        ErrorView view = mapper.readValue(body, ErrorView.class);
        if (view.status() != status) {
          view = new ErrorView(status, view.error(), view.message());
        }
        return GridClientException.of(view);
      } catch (IOException notAnErrorView) {
        String text = firstLine(new String(body, StandardCharsets.UTF_8)).strip();
        if (text.length() > 200) {
          text = text.substring(0, 200) + "...";
        }
        if (!text.isEmpty()) {
          return GridClientException.of(new ErrorView(status, null, text));
        }
      }
    }
    return GridClientException.of(new ErrorView(status, reason(status), reason(status)));
  }

  private GridClientException noAnswer(HttpRequest request, Throwable cause) {
    if (cause instanceof GridClientException g) {
      return g;
    }
    String where = "the dispatcher at " + options.baseUrl();
    String message;
    if (cause instanceof HttpConnectTimeoutException) {
      message = "cannot connect to " + where + " within " + seconds(options.connectTimeout());
    } else if (cause instanceof HttpTimeoutException) {
      message = "no answer from " + where + " within " + seconds(request.timeout().orElse(options.requestTimeout()))
          + " (" + request.method() + " " + request.uri().getPath() + ")";
    } else if (cause instanceof ConnectException) {
      message = "cannot connect to " + where + " (connection refused: is it running?)";
    } else {
      message = "cannot talk to " + where + ": "
          + (cause.getMessage() != null ? firstLine(cause.getMessage()) : cause.getClass().getSimpleName());
    }
    return GridClientException.noAnswer(message, cause);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private String jobPath(String jobId) {
    return ApiPaths.JOBS + "/" + segment(jobId);
  }

  private static String segment(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("an id or name is missing");
    }
    return encode(s);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String sha256Of(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " is missing or not a file");
    }
    try {
      return Hashes.sha256Hex(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized: the token is missing or not valid";
      case 402 -> "Payment Required: the account cannot cover the job's price";
      case 403 -> "Forbidden: this token may not do that";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 413 -> "Payload Too Large";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "HTTP error";
    };
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.debug("Could not delete [{}]", p, e);
    }
  }

  private static final class DaemonThreads implements ThreadFactory {
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private final int client = CLIENTS.incrementAndGet();
    private final AtomicInteger threads = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "xw-client-" + client + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
