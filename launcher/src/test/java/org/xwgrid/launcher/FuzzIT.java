package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.WorkerApi;

/**
 * Random requests to every endpoint of {@code docs/openapi.yaml}: random JSON built from the
 * schemas' field names with wrong and extreme values, random bytes, random path parameters. No
 * answer may be a 5xx, every error has an ErrorView body, and the dispatcher stays up.
 */
class FuzzIT {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Random random = new Random(Long.getLong("xw.seed", 42));

  @Test
  void shouldAnswerRandomRequestsWithoutServerErrors(@TempDir Path dir) throws Exception {
    JsonNode api = new ObjectMapper(new YAMLFactory()).readTree(LocalGrid.root().resolve("docs/openapi.yaml").toFile());
    Set<String> fieldNames = new TreeSet<>();
    api.findParents("properties").forEach(p -> p.get("properties").fieldNames().forEachRemaining(fieldNames::add));
    List<String> fields = new ArrayList<>(fieldNames);

    try (LocalGrid grid = LocalGrid.start(dir, "-Dxwgrid.dispatcher.http.max-long-poll=200ms")) {
      GridClient admin = grid.admin();
      GridFixture.scriptApp(admin, dir, "echo", "true");
      JobView job = admin.submitJob(new JobRequest("echo", null, 3, null, null, null, null, null, null));
      String enrol = grid.enrolmentToken();
      WorkerApi.Registered worker =
          Json.mapper().readValue(
              send("POST", grid.url() + "/api/v1/workers/register", enrol,
                  Json.mapper().writeValueAsBytes(new WorkerApi.Register(null, "fuzz", Capabilities.ofThisHost(List.of()), 2, null))).body(),
              WorkerApi.Registered.class);
      Map<String, List<String>> params =
          Map.of(
              "sha256", List.of(admin.listApps().apps().get(0).archive().sha256(), Hashes.sha256Hex("nothing"), "zz", "%00"),
              "name", List.of("echo", "nosuch", "..", "%2e%2e"),
              "id", List.of(job.id(), worker.workerId(), "00000000-0000-4000-8000-000000000000", "x".repeat(300)),
              "index", List.of("0", "2", "-1", "99999999999", "abc"));

      int requests = 0;
      Map<Integer, Integer> statuses = new java.util.TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> paths = api.get("paths").fields();
      while (paths.hasNext()) {
        Map.Entry<String, JsonNode> path = paths.next();
        Iterator<String> methods = path.getValue().fieldNames();
        while (methods.hasNext()) {
          String method = methods.next().toUpperCase();
          if (!Set.of("GET", "POST", "PUT", "DELETE").contains(method)) {
            continue;
          }
          boolean workerPath = path.getKey().startsWith("/api/v1/workers/{id}");
          String token = workerPath ? worker.workerToken() : grid.adminToken();
          for (int i = 0; i < 40; i++) {
            String p = path.getKey();
            for (Map.Entry<String, List<String>> e : params.entrySet()) {
              List<String> vs = e.getValue();
              String v =
                  i == 0 ? (workerPath && e.getKey().equals("id") ? worker.workerId() : vs.get(0))
                      : workerPath && e.getKey().equals("id") && i % 2 == 0 ? worker.workerId() : vs.get(random.nextInt(vs.size()));
              p = p.replace("{" + e.getKey() + "}", v);
            }
            byte[] body = randomBody(fields);
            String t = i % 10 == 9 && i > 0 ? (random.nextBoolean() ? null : "w.x." + "y".repeat(30)) : token;
            HttpResponse<String> r = send(method, grid.url() + p + (i % 7 == 3 ? "?limit=-4&from=x&ticket=a.b.c&name=%2F" : ""), t, body);
            requests++;
            if (i == 0) {
              // valid path parameters and token: the gateway routes every documented endpoint
              assertTrue(!r.body().contains("no such endpoint"), method + " " + path.getKey() + " is documented but not routed: " + r.body());
            }
            statuses.merge(r.statusCode(), 1, Integer::sum);
            assertTrue(r.statusCode() < 500, method + " " + p + " with " + new String(body) + " gave " + r.statusCode() + ": " + r.body());
            if (r.statusCode() >= 400 && r.statusCode() != 413) {
              assertEquals(r.statusCode(), Json.mapper().readTree(r.body()).get("status").asInt(), r.body());
            }
          }
        }
      }
      System.out.println("FuzzIT: " + requests + " requests, answers by status " + statuses);
      assertTrue(requests > 500, "requests sent: " + requests);
      assertTrue(statuses.keySet().stream().anyMatch(s -> s < 300), "some requests got through: " + statuses);
      assertTrue(statuses.getOrDefault(400, 0) > 100, "most random bodies are refused as bad: " + statuses);
      assertTrue(grid.dispatcher().isAlive(), "the dispatcher is still up");
      assertEquals("UP", admin.health().status());
      assertEquals(3, admin.getJob(job.id()).tasks(), "and still serves its jobs");
    }
  }

  private byte[] randomBody(List<String> fields) throws Exception {
    return switch (random.nextInt(6)) {
      case 0 -> new byte[0];
      case 1 -> {
        byte[] b = new byte[random.nextInt(200)];
        random.nextBytes(b);
        yield b;
      }
      default -> Json.mapper().writeValueAsBytes(randomObject(fields, 0));
    };
  }

  private ObjectNode randomObject(List<String> fields, int depth) {
    ObjectNode o = F.objectNode();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      String key = random.nextInt(5) == 0 ? "k" + random.nextInt(9) : fields.get(random.nextInt(fields.size()));
      o.set(key, randomValue(fields, depth + 1));
    }
    return o;
  }

  private JsonNode randomValue(List<String> fields, int depth) {
    switch (random.nextInt(depth > 2 ? 6 : 8)) {
      case 0:
        return F.nullNode();
      case 1:
        return F.booleanNode(random.nextBoolean());
      case 2:
        long[] ints = {0, 1, -1, 3, 7, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE};
        return F.numberNode(ints[random.nextInt(ints.length)]);
      case 3:
        return F.numberNode(random.nextBoolean() ? 3.5 : 1e300);
      case 4:
        String[] strings = {"", "echo", "../../etc/passwd", "{index}", "native", "x".repeat(5000), "\u0000", Hashes.sha256Hex("a"), "COMPUTING"};
        return F.textNode(strings[random.nextInt(strings.length)]);
      case 5:
        return F.textNode(Long.toString(random.nextLong(), 36));
      case 6:
        ArrayNode a = F.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.add(randomValue(fields, depth + 1));
        }
        return a;
      default:
        return randomObject(fields, depth);
    }
  }

  private HttpResponse<String> send(String method, String url, String token, byte[] body) throws Exception {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    } catch (IllegalArgumentException badUri) {
      b = HttpRequest.newBuilder(URI.create(url.replace("%", "%25"))).timeout(Duration.ofSeconds(30));
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    return http.send(b.build(), BodyHandlers.ofString());
  }
}
