package org.xwgrid.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.ErrorView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.Heartbeat;
import org.xwgrid.common.api.WorkerApi.HeartbeatAck;
import org.xwgrid.common.api.WorkerApi.Register;
import org.xwgrid.common.api.WorkerApi.Registered;
import org.xwgrid.common.api.WorkerApi.ResultAck;
import org.xwgrid.common.api.WorkerApi.ResultReport;
import org.xwgrid.common.api.WorkerApi.Reveal;
import org.xwgrid.common.api.WorkerApi.RevealReport;
import org.xwgrid.common.api.WorkerApi.StatusReport;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.api.WorkerApi.WorkBatch;
import org.xwgrid.common.api.WorkerApi.WorkRequest;

/**
 * Just enough of the dispatcher gateway for worker tests: a real HTTP server on loopback
 * ({@code com.sun.net.httpserver}) with the worker endpoints and the data repository, recording
 * every call. It can refuse everything with 503 ({@link #unavailable}), close its port and open
 * it again ({@link #closePort}, {@link #reopenPort}), and forget its workers. For certified tasks
 * it accepts contributions (no result), and asks in its next heartbeat answer for the reveals,
 * uploads and aborts the test wants ({@link #askReveal}, {@link #askUpload}, {@link #abort}).
 */
public final class TestingDispatcher implements AutoCloseable {
  static {
    // Without it the JDK server sends headers and body in two segments and Nagle adds ~40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  public static final String ENROLMENT_TOKEN = "enrol-secret";
  public static final String TICKET = "ticket-ok";
  private static final Pattern WORKER = Pattern.compile("/api/v1/workers/([^/]+)/(heartbeat|work|status|results|reveals)");
  private static final Pattern DATA = Pattern.compile("/api/v1/data/([0-9a-f]{64})");

  public record Registration(String bearer, Register request, String answeredId) {}

  public record Call(String workerId, String action) {}

  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "testing-dispatcher");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, String> workers = new ConcurrentHashMap<>();
  private final AtomicInteger nextWorker = new AtomicInteger(1);
  private final LinkedBlockingDeque<Assignment> queue = new LinkedBlockingDeque<>();
  private final Map<String, byte[]> data = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();
  private final Map<ReplicaRef, TaskReport> results = new ConcurrentHashMap<>();
  private final List<ResultReport> resultCalls = new CopyOnWriteArrayList<>();
  private final List<StatusUpdate> statuses = new CopyOnWriteArrayList<>();
  private final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
  private final List<Registration> registrations = new CopyOnWriteArrayList<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<ReplicaRef> toAbort = new CopyOnWriteArrayList<>();
  private final List<ReplicaRef> toReveal = new CopyOnWriteArrayList<>();
  private final List<ReplicaRef> toUpload = new CopyOnWriteArrayList<>();
  private final List<Reveal> reveals = new CopyOnWriteArrayList<>();
  private volatile boolean unavailable;
  private volatile long heartbeatIntervalMs = 200;
  private volatile long maxHoldMs = 2_000;
  private volatile HttpServer server;
  private final int port;

  private TestingDispatcher(int port) throws IOException {
    server = open(port);
    this.port = server.getAddress().getPort();
  }

  public static TestingDispatcher start() throws IOException {
    return new TestingDispatcher(0);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  private HttpServer open(int p) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 100);
    s.setExecutor(executor);
    s.createContext("/", this::handle);
    s.start();
    return s;
  }

  // ---- control ----------------------------------------------------------------------------

  /** Answer 503 to everything while true. */
  public void unavailable(boolean v) {
    unavailable = v;
  }

  /** Stops listening (connections are refused). */
  public void closePort() {
    server.stop(0);
  }

  /** Listens again on the same port. */
  public void reopenPort() throws IOException {
    server = open(port);
  }

  public void forgetWorkers() {
    workers.clear();
  }

  public void heartbeatIntervalMs(long ms) {
    heartbeatIntervalMs = ms;
  }

  /** The longest a work request is held open, whatever waitMs the worker asks. */
  public void maxHoldMs(long ms) {
    maxHoldMs = ms;
  }

  public DataRef putData(byte[] bytes, String name) {
    String sha = Hashes.sha256Hex(bytes);
    data.put(sha, bytes);
    return new DataRef(sha, bytes.length, name);
  }

  public void addTask(Assignment a) {
    queue.add(a);
  }

  public void abort(ReplicaRef r) {
    toAbort.add(r);
  }

  /** The next heartbeat's answer asks the worker to reveal this held replica. */
  public void askReveal(ReplicaRef r) {
    toReveal.add(r);
  }

  /** The next heartbeat's answer asks the worker to upload this held replica. */
  public void askUpload(ReplicaRef r) {
    toUpload.add(r);
  }

  /** Whether every reveal, upload and abort asked for has gone out in a heartbeat's answer. */
  public boolean asksDelivered() {
    return toReveal.isEmpty() && toUpload.isEmpty() && toAbort.isEmpty();
  }

  // ---- records ----------------------------------------------------------------------------

  public Map<ReplicaRef, TaskReport> results() {
    return Map.copyOf(results);
  }

  public int resultCount() {
    return results.size();
  }

  public List<ResultReport> resultCalls() {
    return List.copyOf(resultCalls);
  }

  public List<StatusUpdate> statuses() {
    return List.copyOf(statuses);
  }

  public List<Heartbeat> heartbeats() {
    return List.copyOf(heartbeats);
  }

  public List<Registration> registrations() {
    return List.copyOf(registrations);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public byte[] data(String sha) {
    return data.get(sha);
  }

  public int uploads(String sha) {
    AtomicInteger n = uploads.get(sha);
    return n == null ? 0 : n.get();
  }

  /** Uploads of any data. */
  public int uploadCount() {
    return uploads.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Every reveal received, in order. */
  public List<Reveal> reveals() {
    return List.copyOf(reveals);
  }

  public int queued() {
    return queue.size();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- HTTP -------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (unavailable) {
        error(ex, 503, "unavailable", "testing outage");
        return;
      }
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      Matcher w = WORKER.matcher(path);
      Matcher d = DATA.matcher(path);
      if (path.equals("/api/v1/workers/register") && method.equals("POST")) {
        register(ex);
      } else if (w.matches() && method.equals("POST")) {
        String id = w.group(1);
        String token = workers.get(id);
        if (token == null) {
          error(ex, 404, "not-found", "unknown worker " + id);
          return;
        }
        if (!token.equals(bearer(ex))) {
          error(ex, 401, "unauthorized", "bad worker token");
          return;
        }
        calls.add(new Call(id, w.group(2)));
        switch (w.group(2)) {
          case "heartbeat" -> heartbeat(ex);
          case "work" -> work(ex);
          case "status" -> status(ex);
          case "reveals" -> reveals(ex);
          default -> results(ex);
        }
      } else if (d.matches() && method.equals("PUT")) {
        upload(ex, d.group(1));
      } else if (d.matches() && method.equals("GET")) {
        download(ex, d.group(1));
      } else {
        error(ex, 404, "not-found", "no route " + method + " " + path);
      }
    } catch (RuntimeException e) {
      error(ex, 500, "internal", e.toString());
    }
  }

  private void register(HttpExchange ex) throws IOException {
    Register r = Json.mapper().readValue(body(ex), Register.class);
    String bearer = bearer(ex);
    if (r.workerId() != null) {
      String token = workers.get(r.workerId());
      if (token == null) {
        registrations.add(new Registration(bearer, r, null));
        error(ex, 404, "not-found", "unknown worker " + r.workerId());
        return;
      }
      if (!token.equals(bearer)) {
        registrations.add(new Registration(bearer, r, null));
        error(ex, 401, "unauthorized", "bad worker token");
        return;
      }
      registrations.add(new Registration(bearer, r, r.workerId()));
      json(ex, 200, new Registered(r.workerId(), null, heartbeatIntervalMs, heartbeatIntervalMs * 5));
      return;
    }
    if (!ENROLMENT_TOKEN.equals(bearer)) {
      registrations.add(new Registration(bearer, r, null));
      error(ex, 401, "unauthorized", "bad enrolment token");
      return;
    }
    String id = "w-" + nextWorker.getAndIncrement();
    String token = "tok-" + UUID.randomUUID();
    workers.put(id, token);
    registrations.add(new Registration(bearer, r, id));
    json(ex, 201, new Registered(id, token, heartbeatIntervalMs, heartbeatIntervalMs * 5));
  }

  /** Tests may restore a forgotten worker, e.g. after a dispatcher restart. */
  public void knowWorker(String id, String token) {
    workers.put(id, token);
  }

  public Map<String, String> workers() {
    return Map.copyOf(workers);
  }

  private void heartbeat(HttpExchange ex) throws IOException {
    heartbeats.add(Json.mapper().readValue(body(ex), Heartbeat.class));
    json(ex, 200, new HeartbeatAck(take(toAbort), take(toReveal), take(toUpload)));
  }

  private static List<ReplicaRef> take(List<ReplicaRef> asked) {
    List<ReplicaRef> now = new ArrayList<>(asked);
    asked.removeAll(now);
    return now;
  }

  private void work(HttpExchange ex) throws IOException {
    WorkRequest r = Json.mapper().readValue(body(ex), WorkRequest.class);
    List<Assignment> batch = new ArrayList<>();
    try {
      Assignment first = queue.poll(Math.min(r.waitMs(), maxHoldMs), TimeUnit.MILLISECONDS);
      if (first != null) {
        batch.add(first);
        queue.drainTo(batch, r.maxTasks() - 1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (unavailable) {
      batch.forEach(queue::addFirst);
      error(ex, 503, "unavailable", "testing outage");
      return;
    }
    json(ex, 200, new WorkBatch(batch));
  }

  private void status(HttpExchange ex) throws IOException {
    statuses.addAll(Json.mapper().readValue(body(ex), StatusReport.class).updates());
    ex.sendResponseHeaders(204, -1);
  }

  private void results(HttpExchange ex) throws IOException {
    ResultReport r = Json.mapper().readValue(body(ex), ResultReport.class);
    resultCalls.add(r);
    List<ReplicaRef> accepted = new ArrayList<>();
    List<ReplicaRef> ignored = new ArrayList<>();
    for (TaskReport t : r.reports()) {
      if (t.success() && t.isContribution() && (t.result() != null || t.resultDigest() != null)) {
        error(ex, 400, "bad-request", "a contribution discloses its result");
        return;
      }
      if (t.success() && !t.isContribution() && (t.result() == null || !data.containsKey(t.result().sha256()))) {
        error(ex, 400, "bad-request", "result " + t.result() + " not uploaded");
        return;
      }
      if (results.putIfAbsent(t.replica(), t) == null) {
        accepted.add(t.replica());
      } else {
        ignored.add(t.replica());
      }
    }
    json(ex, 200, new ResultAck(accepted, ignored));
  }

  private void reveals(HttpExchange ex) throws IOException {
    RevealReport r = Json.mapper().readValue(body(ex), RevealReport.class);
    for (Reveal v : r.reveals()) {
      if (v.result() != null && !data.containsKey(v.result().sha256())) {
        error(ex, 400, "bad-request", "result " + v.result() + " not uploaded");
        return;
      }
    }
    reveals.addAll(r.reveals());
    json(ex, 200, new ResultAck(r.reveals().stream().map(Reveal::replica).toList(), List.of()));
  }

  private void upload(HttpExchange ex, String sha) throws IOException {
    if (!workers.containsValue(bearer(ex))) {
      error(ex, 401, "unauthorized", "bad token");
      return;
    }
    byte[] bytes = body(ex);
    if (!Hashes.sha256Hex(bytes).equals(sha)) {
      error(ex, 400, "digest-mismatch", "body does not hash to " + sha);
      return;
    }
    uploads.computeIfAbsent(sha, k -> new AtomicInteger()).incrementAndGet();
    boolean fresh = data.putIfAbsent(sha, bytes) == null;
    String name = query(ex).getOrDefault("name", "data");
    json(ex, fresh ? 201 : 200, new DataRef(sha, bytes.length, name));
  }

  private void download(HttpExchange ex, String sha) throws IOException {
    if (!workers.containsValue(bearer(ex)) || !TICKET.equals(query(ex).get("ticket"))) {
      error(ex, 403, "forbidden", "bad token or ticket");
      return;
    }
    byte[] bytes = data.get(sha);
    if (bytes == null) {
      error(ex, 404, "not-found", "no data " + sha);
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static String bearer(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
  }

  private static byte[] body(HttpExchange ex) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ex.getRequestBody().transferTo(out);
    return out.toByteArray();
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int i = kv.indexOf('=');
        if (i > 0) {
          q.put(
              URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
              URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return q;
  }

  private static void json(HttpExchange ex, int status, Object body) throws IOException {
    byte[] b = Json.mapper().writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  private static void error(HttpExchange ex, int status, String error, String message)
      throws IOException {
    json(ex, status, new ErrorView(status, error, message));
  }

  /** An ordered view of the results, for messages. */
  public Map<ReplicaRef, Boolean> outcomes() {
    Map<ReplicaRef, Boolean> m = new LinkedHashMap<>();
    results.forEach((k, v) -> m.put(k, v.success()));
    return m;
  }
}
