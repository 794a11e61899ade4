package org.xwgrid.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.ErrorView;
import org.xwgrid.common.api.DataRef;

/**
 * A small real HTTP server on loopback standing in for the dispatcher's gateway: it answers canned
 * JSON built from the real records and records every request. Routes are matched by method and
 * path regex, the latest registered first, so a test can override an earlier route. An unmatched
 * request gets a 404 {@link ErrorView}.
 */
public final class TestingGateway implements AutoCloseable {

  /** One request as the gateway saw it; header names are lower case. */
  public record Recorded(
      String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String authorization() {
      return header("authorization");
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed strictly as {@code type}, as the real gateway would. */
    public <T> T bodyAs(Class<T> type) {
      try {
        return Json.mapper().readValue(body, type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public record Reply(int status, String contentType, byte[] body) {
    public static Reply json(int status, Object value) {
      try {
        return new Reply(status, "application/json", Json.mapper().writeValueAsBytes(value));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(e);
      }
    }

    public static Reply error(int status, String error, String message) {
      return json(status, new ErrorView(status, error, message));
    }

    public static Reply bytes(int status, byte[] body) {
      return new Reply(status, "application/octet-stream", body);
    }

    public static Reply text(int status, String body) {
      return new Reply(status, "text/plain", body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private record Route(String method, Pattern path, Function<Recorded, Reply> handler) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> data = new ConcurrentHashMap<>();

  private TestingGateway() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public static TestingGateway start() {
    try {
      return new TestingGateway();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /** Answers {@code method pathRegex} with {@code handler}. */
  public TestingGateway on(String method, String pathRegex, Function<Recorded, Reply> handler) {
    routes.add(0, new Route(method, Pattern.compile(pathRegex), handler));
    return this;
  }

  /** Answers {@code method path} (exact) with {@code body} as JSON. */
  public TestingGateway json(String method, String path, int status, Object body) {
    Reply reply = Reply.json(status, body);
    return on(method, Pattern.quote(path), r -> reply);
  }

  /** Answers {@code method path} (exact) with an {@link ErrorView}. */
  public TestingGateway error(String method, String path, int status, String message) {
    Reply reply = Reply.error(status, reasonOf(status), message);
    return on(method, Pattern.quote(path), r -> reply);
  }

  /** Answers the calls to {@code method path} (exact) with {@code replies} in turn; the last repeats. */
  public TestingGateway sequence(String method, String path, Reply... replies) {
    AtomicInteger next = new AtomicInteger();
    return on(method, Pattern.quote(path), r -> replies[Math.min(next.getAndIncrement(), replies.length - 1)]);
  }

  /**
   * Serves {@code PUT /api/v1/data/{sha256}?name=N} and {@code GET /api/v1/data/{sha256}} like the
   * real repository: 400 when the body's sha256 differs, 201 when stored, 200 when already there.
   */
  public TestingGateway withDataStore() {
    on("PUT", "/api/v1/data/([^/]+)", r -> {
      String sha = r.path().substring("/api/v1/data/".length());
      String name = r.query().get("name");
      if (!Hashes.sha256Hex(r.body()).equals(sha)) {
        return Reply.error(400, "Bad Request", "the body's sha256 is not " + sha);
      }
      boolean existed = data.putIfAbsent(sha, r.body()) != null;
      return Reply.json(existed ? 200 : 201, new DataRef(sha, r.body().length, name));
    });
    on("GET", "/api/v1/data/([^/]+)", r -> {
      byte[] bytes = data.get(r.path().substring("/api/v1/data/".length()));
      return bytes == null ? Reply.error(404, "Not Found", "no such data") : Reply.bytes(200, bytes);
    });
    return this;
  }

  /** The bytes stored by {@link #withDataStore()} under {@code sha256}, or null. */
  public byte[] stored(String sha256) {
    return data.get(sha256);
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** The recorded requests of {@code method} whose path matches {@code pathRegex}. */
  public List<Recorded> requests(String method, String pathRegex) {
    Pattern p = Pattern.compile(pathRegex);
    List<Recorded> out = new ArrayList<>();
    for (Recorded r : requests) {
      if (r.method().equals(method) && p.matcher(r.path()).matches()) {
        out.add(r);
      }
    }
    return out;
  }

  /** The one request of {@code method} to the exact {@code path}; fails unless there is exactly one. */
  public Recorded only(String method, String path) {
    List<Recorded> found = requests(method, Pattern.quote(path));
    if (found.size() != 1) {
      throw new AssertionError("expected one " + method + " " + path + " but saw " + describe());
    }
    return found.get(0);
  }

  /** "METHOD path?query" of every request, for assertion messages. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Recorded r : requests) {
      out.add(r.method() + " " + r.path() + (r.query().isEmpty() ? "" : "?" + r.query()));
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      Recorded r = new Recorded(
          exchange.getRequestMethod(),
          exchange.getRequestURI().getRawPath(),
          query(exchange.getRequestURI().getRawQuery()),
          headers,
          body);
      requests.add(r);
      Reply reply = null;
      for (Route route : routes) {
        Matcher m = route.path().matcher(r.path());
        if (route.method().equals(r.method()) && m.matches()) {
          reply = route.handler().apply(r);
          break;
        }
      }
      if (reply == null) {
        reply = Reply.error(404, "Not Found", "no route for " + r.method() + " " + r.path());
      }
      if (reply.contentType() != null) {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      }
      boolean empty = reply.body() == null || reply.body().length == 0;
      exchange.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      }
    } catch (RuntimeException e) {
      exchange.sendResponseHeaders(500, -1);
      throw e;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  private static String reasonOf(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 413 -> "Payload Too Large";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }
}
