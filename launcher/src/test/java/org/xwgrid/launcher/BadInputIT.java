package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.UserRequest;
import org.xwgrid.common.api.DataRef;

/**
 * Bad input from outside gets a clear 4xx with an error body, and leaves nothing behind: no job,
 * no blob, no temp file. One real dispatcher, plain HTTP requests.
 */
class BadInputIT {
  @TempDir static Path dir;
  static LocalGrid grid;
  static String admin;
  static String alice;
  static String bob;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    grid = LocalGrid.start(dir, "-Dxwgrid.dispatcher.http.max-upload-size=1MiB");
    admin = grid.adminToken();
    GridClient a = grid.admin();
    alice = a.createUser(new UserRequest("alice", "standard")).token();
    bob = a.createUser(new UserRequest("bob", "standard")).token();
    GridFixture.scriptApp(a, dir, "echo", "true");
  }

  @AfterAll
  static void stop() {
    grid.close();
  }

  @Test
  void shouldRejectMissingAndWrongTokens() throws Exception {
    expect(401, send("GET", "/api/v1/jobs", null, null), "missing token");
    expect(401, send("GET", "/api/v1/jobs", "u.alice.wrongwrongwrongwrongwrongwrong", null), "unknown or wrong token");
    expect(401, send("GET", "/api/v1/jobs", "garbage", null), "unknown or wrong token");
    expect(403, send("POST", "/api/v1/users", alice, "{\"name\":\"eve\",\"role\":\"admin\"}"), "only an admin");
  }

  @Test
  void shouldRejectAWorkerAddressThatIsNotOne() throws Exception {
    String enrol = grid.enrolmentToken();
    String caps = "\"capabilities\":{\"os\":\"linux\",\"arch\":\"amd64\",\"cores\":1,\"memoryMb\":512,\"tags\":[]},\"slots\":1";
    expect(400, send("POST", "/api/v1/workers/register", enrol, "{\"name\":\"w\"," + caps + ",\"address\":\"0x1234\"}"), "address must be 0x and 40 hex digits");
    expect(400, send("POST", "/api/v1/workers/register", enrol, "{\"name\":\"w\"," + caps + ",\"address\":\"0x" + "g".repeat(40) + "\"}"), "address must be");
    int before = grid.admin().listWorkers().workers().size();
    HttpResponse<String> ok = send("POST", "/api/v1/workers/register", enrol, "{\"name\":\"w\"," + caps + ",\"address\":\"0x" + "AB".repeat(20) + "\"}");
    assertEquals(201, ok.statusCode(), ok.body());
    assertEquals(before + 1, grid.admin().listWorkers().workers().size(), "only the valid registration made a worker");
    assertTrue(grid.admin().listWorkers().workers().stream().anyMatch(w -> ("0x" + "ab".repeat(20)).equals(w.address())), "stored in lower case");
  }

  @Test
  void shouldRejectMalformedAndOversizedJson() throws Exception {
    int before = jobs(alice);
    expect(400, send("POST", "/api/v1/jobs", alice, "{\"app\":\"echo\",\"tasks\":"), "malformed JSON");
    expect(400, send("POST", "/api/v1/jobs", alice, "[1,2,3]"), "malformed JSON");
    expect(400, send("POST", "/api/v1/jobs", alice, "{\"app\":\"echo\",\"tasks\":2,\"bogus\":1}"), "malformed JSON");
    expect(400, send("POST", "/api/v1/jobs", alice, "{\"app\":\"echo\",\"tasks\":0}"), "tasks must be");
    expect(400, send("POST", "/api/v1/jobs", alice, "{\"app\":\"echo\",\"tasks\":-5}"), "tasks must be");
    String huge = "{\"app\":\"echo\",\"tasks\":1,\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    HttpResponse<String> big = send("POST", "/api/v1/jobs", alice, huge);
    assertEquals(413, big.statusCode(), big.body());
    assertEquals(before, jobs(alice), "no job was created");
  }

  @Test
  void shouldRejectUnknownAppsJobsAndOtherUsersJobs() throws Exception {
    int before = jobs(alice);
    expect(404, send("POST", "/api/v1/jobs", alice, "{\"app\":\"nosuchapp\",\"tasks\":1}"), "unknown app");
    assertEquals(before, jobs(alice), "no job was created");
    expect(404, send("GET", "/api/v1/jobs/3f1a2b3c-0000-4000-8000-000000000000", alice, null), "unknown job");
    expect(404, send("GET", "/api/v1/jobs/..%2F..%2Fetc", alice, null), "no such endpoint");
    expect(404, send("GET", "/api/v1/jobs/not-a-job-id!", alice, null), "unknown job");
    JobView mine = GridClient.create(grid.url(), alice).submitJob(new JobRequest("echo", null, 1, null, null, null, null, null, null));
    expect(404, send("GET", "/api/v1/jobs/" + mine.id(), bob, null), "unknown job");
    expect(404, send("POST", "/api/v1/jobs/" + mine.id() + "/cancel", bob, null), "unknown job");
    expect(404, send("GET", "/api/v1/jobs/" + mine.id() + "/tasks", bob, null), "unknown job");
    assertEquals("RUNNING", GridClient.create(grid.url(), alice).getJob(mine.id()).state(), "bob's cancel did nothing");
  }

  @Test
  void shouldKeepDataPrivateAndNamesPlain() throws Exception {
    byte[] secret = "alice's secret".getBytes(StandardCharsets.UTF_8);
    String sha = Hashes.sha256Hex(secret);
    HttpResponse<String> up = put("/api/v1/data/" + sha + "?name=secret.txt", alice, secret);
    assertEquals(201, up.statusCode(), up.body());
    expect(404, send("GET", "/api/v1/data/" + sha, bob, null), "no such data");
    // bob cannot claim it by naming its hash either: the body must hash to it
    expect(400, put("/api/v1/data/" + sha, bob, "not the secret".getBytes()), "sha256");
    expect(404, send("GET", "/api/v1/data/" + sha, bob, null), "no such data");
    // nor use it as an input of his job
    String job = Json.mapper().writeValueAsString(
        new JobRequest("echo", null, 1, null, null, java.util.List.of(new DataRef(sha, secret.length, "s.txt")), null, null, null));
    expect(400, send("POST", "/api/v1/jobs", bob, job), "not in your data");
    // path traversal in names
    byte[] x = "x".getBytes();
    String xs = Hashes.sha256Hex(x);
    expect(400, put("/api/v1/data/" + xs + "?name=..%2F..%2Fetc%2Fpasswd", alice, x), "not a plain file name");
    expect(400, put("/api/v1/data/../../etc/passwd", alice, x), "sha256");
    String traversal = Json.mapper().writeValueAsString(
        new JobRequest("echo", null, 1, null, null, java.util.List.of(new DataRef(sha, secret.length, "../evil")), null, null, null));
    expect(400, send("POST", "/api/v1/jobs", alice, traversal), "not a plain file name");
    assertNoBlob(xs);
  }

  @Test
  void shouldStoreNothingOfABadUpload() throws Exception {
    byte[] body = "some bytes".getBytes();
    String wrong = Hashes.sha256Hex("other bytes");
    expect(400, put("/api/v1/data/" + wrong, alice, body), "sha256");
    assertNoBlob(wrong);
    assertNoBlob(Hashes.sha256Hex(body));
    byte[] tooBig = new byte[2 * 1024 * 1024];
    new java.util.Random(1).nextBytes(tooBig);
    String bigSha = Hashes.sha256Hex(tooBig);
    HttpResponse<String> r = put("/api/v1/data/" + bigSha, alice, tooBig);
    assertEquals(413, r.statusCode(), r.body());
    assertNoBlob(bigSha);
    expect(400, put("/api/v1/data/NOTAHASH", alice, body), "sha256");
    assertTempEmpty();
  }

  private static void assertNoBlob(String sha) throws IOException {
    Path data = grid.dispatcherDir().resolve("data");
    try (Stream<Path> s = Files.walk(data)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(sha)), "no blob " + sha + " was kept");
    }
    expect(404, sendQuietly("GET", "/api/v1/data/" + sha, admin), "no such data");
  }

  private static void assertTempEmpty() throws Exception {
    Path tmp = grid.dispatcherDir().resolve("data").resolve("tmp");
    for (int i = 0; i < 50; i++) { // discarding runs off the event loop
      try (Stream<Path> s = Files.list(tmp)) {
        if (s.findAny().isEmpty()) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("temp files left in " + tmp);
  }

  private static int jobs(String token) throws Exception {
    HttpResponse<String> r = send("GET", "/api/v1/jobs", token, null);
    return Json.mapper().readTree(r.body()).get("jobs").size();
  }

  static void expect(int status, HttpResponse<String> r, String messagePart) throws IOException {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode error = Json.mapper().readTree(r.body());
    assertEquals(status, error.get("status").asInt(), r.body());
    assertTrue(
        error.get("message").asText().toLowerCase().contains(messagePart.toLowerCase()),
        "'" + error.get("message").asText() + "' should say '" + messagePart + "'");
  }

  private static HttpResponse<String> sendQuietly(String method, String path, String token) {
    try {
      return send(method, path, token, null);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(grid.url() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    return http.send(b.build(), BodyHandlers.ofString());
  }

  private static HttpResponse<String> put(String path, String token, byte[] body) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(grid.url() + path))
            .header("Authorization", "Bearer " + token)
            .PUT(BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(r, BodyHandlers.ofString());
    } catch (IOException closedWhileSending) {
      // the server may answer and close before the whole body is sent; ask for its answer again
      throw new AssertionError("the connection closed before an answer came: " + closedWhileSending, closedWhileSending);
    }
  }

}
