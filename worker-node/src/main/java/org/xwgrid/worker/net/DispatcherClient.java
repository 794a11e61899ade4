package org.xwgrid.worker.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ApiPaths;
import org.xwgrid.common.api.ClientApi.ErrorView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.WorkerApi.Heartbeat;
import org.xwgrid.common.api.WorkerApi.HeartbeatAck;
import org.xwgrid.common.api.WorkerApi.Register;
import org.xwgrid.common.api.WorkerApi.Registered;
import org.xwgrid.common.api.WorkerApi.ResultAck;
import org.xwgrid.common.api.WorkerApi.ResultReport;
import org.xwgrid.common.api.WorkerApi.RevealReport;
import org.xwgrid.common.api.WorkerApi.StatusReport;
import org.xwgrid.common.api.WorkerApi.WorkBatch;
import org.xwgrid.common.api.WorkerApi.WorkRequest;

/**
 * HTTP/1.1 client of the dispatcher's worker endpoints and data repository, on the JDK {@link
 * HttpClient}. One instance holds one HttpClient (keep-alive connection pool) and its threads; it
 * keeps no per-worker state, so it is thread-safe and one instance can serve many workers (the
 * benchmark simulates a hundred with one). Call {@link #close()} when done.
 *
 * <p>On machines where the common fork-join pool has fewer than two threads (one or two CPUs, the
 * default), JDK 17's {@code HttpClient.sendAsync} completes every response through a new thread
 * (its {@code whenCompleteAsync} on the default async executor falls back to a thread per task).
 * There this client runs the blocking {@code send} on a cached pool of its own instead, threads
 * being reused; elsewhere it uses {@code sendAsync}. Either way every method returns at once.
 */
public final class DispatcherClient implements DispatcherApi, AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();
  private static final int MAX_ERROR_CHARS = 500;
  /** Transfers get the request timeout plus one second per MiB (the timeout runs until headers). */
  private static final long BYTES_PER_EXTRA_SECOND = 1L << 20;

  private final String base;
  private final HttpClient http;
  private final ExecutorService executor;
  private final ExecutorService senders;
  private final Duration requestTimeout;

  private DispatcherClient(
      String base,
      HttpClient http,
      ExecutorService executor,
      ExecutorService senders,
      Duration requestTimeout) {
    this.base = base;
    this.http = http;
    this.executor = executor;
    this.senders = senders;
    this.requestTimeout = requestTimeout;
  }

  /**
   * A client of the dispatcher at {@code baseUrl} (e.g. {@code http://host:8080}; a path prefix
   * is kept). {@code threads} sizes the pool that completes responses.
   */
  public static DispatcherClient create(
      URI baseUrl, Duration connectTimeout, Duration requestTimeout, int threads) {
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("'" + baseUrl + "' is not an http(s) URL with a host");
    }
    String b = baseUrl.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, threads), daemon("xw-http-"));
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
    ExecutorService senders =
        ForkJoinPool.getCommonPoolParallelism() < 2
            ? new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), daemon("xw-http-send-"))
            : null;
    return new DispatcherClient(b, http, executor, senders, requestTimeout);
  }

  /** With defaults: 5 s to connect, 30 s per request, two threads. */
  public static DispatcherClient create(URI baseUrl) {
    return create(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(30), 2);
  }

  @Override
  public CompletionStage<Registered> register(String bearerToken, Register request) {
    return post(ApiPaths.REGISTER, bearerToken, request, requestTimeout, Registered.class);
  }

  @Override
  public CompletionStage<HeartbeatAck> heartbeat(WorkerCredentials c, Heartbeat heartbeat) {
    return post(workerPath(c, "heartbeat"), c.token(), heartbeat, requestTimeout, HeartbeatAck.class);
  }

  @Override
  public CompletionStage<WorkBatch> requestWork(WorkerCredentials c, WorkRequest request) {
    Duration timeout = requestTimeout.plusMillis(Math.max(0, request.waitMs()));
    return post(workerPath(c, "work"), c.token(), request, timeout, WorkBatch.class);
  }

  @Override
  public CompletionStage<Void> reportStatus(WorkerCredentials c, StatusReport report) {
    return post(workerPath(c, "status"), c.token(), report, requestTimeout, Void.class);
  }

  @Override
  public CompletionStage<ResultAck> reportResults(WorkerCredentials c, ResultReport report) {
    return post(workerPath(c, "results"), c.token(), report, requestTimeout, ResultAck.class);
  }

  @Override
  public CompletionStage<ResultAck> reveal(WorkerCredentials c, RevealReport report) {
    return post(workerPath(c, "reveals"), c.token(), report, requestTimeout, ResultAck.class);
  }

  @Override
  public CompletionStage<DataRef> upload(
      WorkerCredentials c, Path file, String sha256, String name) {
    if (!Hashes.isSha256(sha256)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("not a sha256: " + sha256));
    }
    HttpRequest.BodyPublisher body;
    long size;
    try {
      body = BodyPublishers.ofFile(file);
      size = Files.size(file);
    } catch (FileNotFoundException e) {
      return CompletableFuture.failedFuture(new java.nio.file.NoSuchFileException(file.toString()));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri(ApiPaths.DATA + "/" + sha256 + "?name=" + encode(name)))
            .timeout(requestTimeout.plusSeconds(size / BYTES_PER_EXTRA_SECOND))
            .header("Authorization", "Bearer " + c.token())
            .header("Content-Type", "application/octet-stream")
            .header("Accept", "application/json")
            .PUT(body)
            .build();
    return exchange(request, BodyHandlers.ofByteArray()).thenApply(r -> parse(r, DataRef.class));
  }

  /** Uploads a file whose digest is computed first (on this client's threads). */
  public CompletionStage<DataRef> upload(WorkerCredentials c, Path file, String name) {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return Hashes.sha256Hex(file);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            executor)
        .thenCompose(sha -> upload(c, file, sha, name));
  }

  @Override
  public CompletionStage<Path> download(
      WorkerCredentials c, DataRef data, String ticket, Path target) {
    if (!Hashes.isSha256(data.sha256())) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("not a sha256: " + data.sha256()));
    }
    String path =
        ApiPaths.DATA + "/" + data.sha256() + (ticket == null ? "" : "?ticket=" + encode(ticket));
    HttpRequest request =
        HttpRequest.newBuilder(uri(path))
            .timeout(requestTimeout.plusSeconds(Math.max(0, data.size()) / BYTES_PER_EXTRA_SECOND))
            .header("Authorization", "Bearer " + c.token())
            .GET()
            .build();
    HttpResponse.BodyHandler<Transfer> handler =
        info ->
            info.statusCode() / 100 == 2
                ? BodySubscribers.mapping(
                    BodySubscribers.ofFile(target), p -> new Transfer(p, null))
                : BodySubscribers.mapping(
                    BodySubscribers.ofByteArray(), b -> new Transfer(null, b));
    return exchange(request, handler)
        .thenApply(
            r -> {
              if (r.body().error() != null) {
                throw error(r.statusCode(), r.body().error());
              }
              return r.body().file();
            });
  }

  /** Shuts the response thread pool down; calls in flight fail. */
  @Override
  public void close() {
    if (senders != null) {
      senders.shutdownNow();
    }
    executor.shutdownNow();
  }

  private record Transfer(Path file, byte[] error) {}

  private <T> CompletionStage<T> post(
      String path, String token, Object body, Duration timeout, Class<T> type) {
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri(path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(BodyPublishers.ofByteArray(json))
            .build();
    return exchange(request, BodyHandlers.ofByteArray()).thenApply(r -> parse(r, type));
  }

  private <T> CompletableFuture<HttpResponse<T>> exchange(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    if (senders == null) {
      return http.sendAsync(request, handler);
    }
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return http.send(request, handler);
            } catch (IOException e) {
              throw new CompletionException(e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new CompletionException(new IOException("interrupted", e));
            }
          },
          senders);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new IOException("client closed", e));
    }
  }

  private static <T> T parse(HttpResponse<byte[]> response, Class<T> type) {
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw error(status, response.body());
    }
    if (type == Void.class || response.body().length == 0) {
      if (type != Void.class) {
        throw new DispatcherException(status, "bad-response", "empty body, expected " + type.getSimpleName());
      }
      return null;
    }
    try {
      return JSON.readValue(response.body(), type);
    } catch (IOException e) {
      throw new DispatcherException(
          status, "bad-response", "cannot read " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  private static DispatcherException error(int status, byte[] body) {
    try {
      ErrorView view = JSON.readValue(body, ErrorView.class);
      return new DispatcherException(status, view.error(), view.message());
    } catch (IOException | RuntimeException e) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      if (text.length() > MAX_ERROR_CHARS) {
        text = text.substring(0, MAX_ERROR_CHARS) + "...";
      }
      return new DispatcherException(status, null, text.isEmpty() ? "(no body)" : text);
    }
  }

  private static String workerPath(WorkerCredentials c, String action) {
    return ApiPaths.WORKERS + "/" + encode(c.workerId()) + "/" + action;
  }

  private URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
