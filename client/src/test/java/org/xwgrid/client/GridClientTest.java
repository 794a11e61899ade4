package org.xwgrid.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.TestingGateway.Recorded;
import org.xwgrid.client.TestingGateway.Reply;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.ClientApi.AppList;
import org.xwgrid.common.api.ClientApi.AppRequest;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.JobList;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.PocoView;
import org.xwgrid.common.api.ClientApi.ReplicaView;
import org.xwgrid.common.api.ClientApi.TaskList;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.ClientApi.UserCreated;
import org.xwgrid.common.api.ClientApi.UserRequest;
import org.xwgrid.common.api.ClientApi.WorkerList;
import org.xwgrid.common.api.DataRef;

class GridClientTest {
  private final TestingGateway gateway = TestingGateway.start();
  private final GridClient client = GridClient.create(gateway.url(), "t0k3n");

  @TempDir Path dir;

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void shouldReadHealthWithoutToken() {
    gateway.on("GET", "/api/v1/health", r -> Reply.text(200, "{\"status\":\"UP\",\"node\":\"n1\",\"extra\":1}"));
    GridClient anonymous = GridClient.create(gateway.url(), null);
    Health h = anonymous.health();
    assertTrue(h.isUp());
    assertEquals("n1", h.node());
    assertNull(gateway.only("GET", "/api/v1/health").authorization());
  }

  @Test
  void shouldSendTheBearerTokenAndParseJobs() {
    JobView job = Fixtures.job("j1", "RUNNING", 3, 1, 1, 1);
    gateway.json("GET", "/api/v1/jobs", 200, new JobList(List.of(job)));
    gateway.json("GET", "/api/v1/jobs/j1", 200, job);
    assertEquals(List.of(job), client.listJobs().jobs());
    assertEquals(job, client.getJob("j1"));
    Recorded r = gateway.only("GET", "/api/v1/jobs/j1");
    assertEquals("Bearer t0k3n", r.authorization());
    assertEquals("application/json", r.header("accept"));
  }

  @Test
  void shouldPostJobRequestsAsJson() {
    JobView job = Fixtures.job("j2", "RUNNING", 2);
    gateway.json("POST", "/api/v1/jobs", 201, job);
    JobRequest req = new JobRequest("pi", "run", 2, Map.of("n", "{index}"), null, List.of(), 60L, 1, null);
    assertEquals(job, client.submitJob(req));
    Recorded r = gateway.only("POST", "/api/v1/jobs");
    assertEquals("application/json", r.header("content-type"));
    assertEquals(req, r.bodyAs(JobRequest.class));
    assertFalse(r.bodyText().contains("null"), "nulls are omitted: " + r.bodyText());
  }

  @Test
  void shouldCallEveryJsonEndpoint() {
    AppView app = Fixtures.app("pi");
    gateway.json("POST", "/api/v1/apps", 200, app);
    gateway.json("GET", "/api/v1/apps", 200, new AppList(List.of(app)));
    gateway.json("GET", "/api/v1/apps/pi", 200, app);
    gateway.json("POST", "/api/v1/jobs/j1/cancel", 200, Fixtures.job("j1", "CANCELLED", 1, 0, 0, 0, 0, 1));
    gateway.json("GET", "/api/v1/jobs/j1/tasks", 200, new TaskList("j1", List.of(Fixtures.task(5, "PENDING", null))));
    gateway.json("GET", "/api/v1/workers", 200, new WorkerList(List.of(Fixtures.worker("w-1", "box"))));
    gateway.json("POST", "/api/v1/users", 201, new UserCreated("bob", "worker", "secret"));

    assertEquals(app, client.registerApp(new AppRequest("pi", "1.0.0", "native", app.archive(), app.entrypoint(), null, null)));
    assertEquals(List.of(app), client.listApps().apps());
    assertEquals(app, client.getApp("pi"));
    assertEquals("CANCELLED", client.cancelJob("j1").state());
    assertEquals(5, client.listTasks("j1", 5, 10).tasks().get(0).index());
    assertEquals("box", client.listWorkers().workers().get(0).name());
    assertEquals("secret", client.createUser(new UserRequest("bob", "worker")).token());

    assertEquals(Map.of("from", "5", "limit", "10"), gateway.only("GET", "/api/v1/jobs/j1/tasks").query());
    assertEquals(new UserRequest("bob", "worker"), gateway.only("POST", "/api/v1/users").bodyAs(UserRequest.class));
    assertEquals("", gateway.only("POST", "/api/v1/jobs/j1/cancel").bodyText());
  }

  @Test
  void shouldTurnAnErrorViewIntoAnExceptionWithStatusAndMessage() {
    gateway.error("POST", "/api/v1/jobs", 404, "unknown app 'nope'");
    GridClientException e = assertThrows(GridClientException.class,
        () -> client.submitJob(new JobRequest("nope", null, 1, null, null, null, null, null, null)));
    assertEquals(404, e.status());
    assertEquals("Not Found", e.error());
    assertEquals("unknown app 'nope'", e.serverMessage());
    assertEquals("unknown app 'nope' (HTTP 404)", e.getMessage());
  }

  @Test
  void shouldSendTheTermsOfACertifiedJobAndReadThemBack() {
    JobView job = Fixtures.certifiedJob("j3", "RUNNING", 100, 5, 2, 2);
    gateway.json("POST", "/api/v1/jobs", 201, job);
    JobRequest req = new JobRequest("pi", null, 2, null, null, null, null, null, null, 100, "M", 5L, null);
    assertEquals(job, client.submitJob(req));
    assertEquals(req, gateway.only("POST", "/api/v1/jobs").bodyAs(JobRequest.class));
  }

  @Test
  void shouldExplainABodilessPaymentRequired() {
    gateway.on("POST", "/api/v1/jobs", r -> new Reply(402, null, new byte[0]));
    GridClientException e = assertThrows(GridClientException.class,
        () -> client.submitJob(new JobRequest("pi", null, 1, null, null, null, null, null, null, 10, null, 1000L, null)));
    assertEquals(402, e.status());
    assertTrue(e.getMessage().startsWith("Payment Required"), e.getMessage());
  }

  @Test
  void shouldListAllTasksPageAfterPageWithTheirPoco() {
    PocoView poco = new PocoView(Fixtures.hash('1'), "OPEN", 0.5, 0.9, Fixtures.hash('a'), null, null,
        List.of(new ReplicaView(1, "w-1", Fixtures.address('7'), "CONTRIBUTED", Fixtures.hash('a'), 2)));
    int total = GridClient.TASK_PAGE * 2;
    gateway.on("GET", "/api/v1/jobs/j1/tasks", r -> {
      int from = Integer.parseInt(r.query().get("from"));
      int end = Math.min(from + Integer.parseInt(r.query().get("limit")), total);
      List<TaskView> page = new ArrayList<>();
      for (int i = from; i < end; i++) {
        page.add(Fixtures.certifiedTask(i, "RUNNING", poco));
      }
      return Reply.json(200, new TaskList("j1", page));
    });
    List<TaskView> all = client.listAllTasks("j1");
    assertEquals(total, all.size());
    assertEquals(total - 1, all.get(total - 1).index());
    assertEquals(poco, all.get(7).poco());
    List<Map<String, String>> asked = gateway.requests("GET", "/api/v1/jobs/j1/tasks").stream().map(Recorded::query).toList();
    assertEquals(List.of(
        Map.of("from", "0", "limit", "1000"), Map.of("from", "1000", "limit", "1000"), Map.of("from", "2000", "limit", "1000")),
        asked, "a full page asks for the next one; the empty one ends it");
  }

  @Test
  void shouldFailTheStageAsynchronouslyWithTheSameException() {
    gateway.error("GET", "/api/v1/jobs/x", 403, "not your job");
    CompletableFuture<JobView> f = client.getJobAsync("x").toCompletableFuture();
    CompletionException e = assertThrows(CompletionException.class, f::join);
    GridClientException g = assertInstanceOf(GridClientException.class, e.getCause());
    assertEquals(403, g.status());
  }

  @Test
  void shouldDescribeANonJsonErrorBody() {
    gateway.on("GET", "/api/v1/apps", r -> Reply.text(502, "upstream down\nmore"));
    GridClientException e = assertThrows(GridClientException.class, client::listApps);
    assertEquals(502, e.status());
    assertEquals("upstream down (HTTP 502)", e.getMessage());
    assertTrue(e.isTransient());
  }

  @Test
  void shouldReportAnUnexpectedBodyOnSuccess() {
    gateway.on("GET", "/api/v1/apps", r -> Reply.text(200, "{\"apps\":[],\"surprise\":true}"));
    GridClientException e = assertThrows(GridClientException.class, client::listApps);
    assertEquals(0, e.status());
    assertTrue(e.getMessage().startsWith("unexpected answer to GET /api/v1/apps (HTTP 200)"), e.getMessage());
  }

  @Test
  void shouldSayWhenTheDispatcherIsNotThere() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    GridClient nowhere = GridClient.create("http://127.0.0.1:" + port, "t");
    GridClientException e = assertThrows(GridClientException.class, nowhere::listJobs);
    assertEquals(0, e.status());
    assertTrue(e.getMessage().startsWith("cannot connect to the dispatcher at http://127.0.0.1:" + port), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void shouldUploadAFileUnderItsSha256() throws IOException {
    gateway.withDataStore();
    Path f = Files.writeString(dir.resolve("in.txt"), "hello grid");
    String sha = Hashes.sha256Hex("hello grid");
    DataRef ref = client.uploadFile(f, "in.txt");
    assertEquals(new DataRef(sha, 10, "in.txt"), ref);
    Recorded put = gateway.only("PUT", "/api/v1/data/" + sha);
    assertEquals(Map.of("name", "in.txt"), put.query());
    assertEquals("10", put.header("content-length"));
    assertEquals("Bearer t0k3n", put.authorization());
    assertArrayEquals("hello grid".getBytes(StandardCharsets.UTF_8), gateway.stored(sha));
    // a second upload is answered 200 with the same ref
    assertEquals(ref, client.uploadFile(f));
  }

  @Test
  void shouldRefuseToUploadUnderANameThatIsNotAPlainFileName() throws IOException {
    Path f = Files.writeString(dir.resolve("in.txt"), "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.uploadFile(f, "../etc/passwd"));
    assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
    assertTrue(gateway.requests().isEmpty());
  }

  @Test
  void shouldRefuseToUploadAMissingFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.uploadFile(dir.resolve("nope.bin")));
    assertTrue(e.getMessage().endsWith("nope.bin is missing or not a file"), e.getMessage());
  }

  @Test
  void shouldMapTooLargeUploads() throws IOException {
    Path f = Files.writeString(dir.resolve("big.bin"), "pretend this is big");
    gateway.on("PUT", "/api/v1/data/.*", r -> Reply.error(413, "Payload Too Large", "data over 1 MiB"));
    GridClientException e = assertThrows(GridClientException.class, () -> client.uploadFile(f));
    assertEquals(413, e.status());
    assertEquals("data over 1 MiB (HTTP 413)", e.getMessage());
  }

  @Test
  void shouldDownloadAResultZipAndLeaveNothingOnError() throws IOException {
    byte[] zip = {'P', 'K', 3, 4, 1, 2, 3};
    gateway.on("GET", "/api/v1/jobs/j1/tasks/0/result", r -> Reply.bytes(200, zip));
    gateway.error("GET", "/api/v1/jobs/j1/tasks/1/result", 404, "task 1 has no result yet");
    Path target = dir.resolve("out/r0.zip");
    assertEquals(target, client.downloadResult("j1", 0, target));
    assertArrayEquals(zip, Files.readAllBytes(target));

    GridClientException e = assertThrows(GridClientException.class, () -> client.downloadResult("j1", 1, dir.resolve("out/r1.zip")));
    assertEquals(404, e.status());
    try (var files = Files.list(dir.resolve("out"))) {
      assertEquals(List.of(target), files.toList(), "no partial file is left behind");
    }
  }

  @Test
  void shouldCheckTheSha256OfDownloadedData() throws IOException {
    gateway.withDataStore();
    Path f = Files.writeString(dir.resolve("a.txt"), "abc");
    DataRef ref = client.uploadFile(f);
    Path back = client.downloadData(ref.sha256(), dir.resolve("b.txt"));
    assertEquals("abc", Files.readString(back));

    String other = Hashes.sha256Hex("something else");
    gateway.on("GET", "/api/v1/data/" + other, r -> Reply.bytes(200, "abc".getBytes(StandardCharsets.UTF_8)));
    GridClientException e = assertThrows(GridClientException.class, () -> client.downloadData(other, dir.resolve("c.txt")));
    assertTrue(e.getMessage().contains("has sha256 " + ref.sha256()), e.getMessage());
    assertFalse(Files.exists(dir.resolve("c.txt")));
  }

  @Test
  void shouldEncodePathSegments() {
    gateway.error("GET", "/api/v1/jobs/a%20b%2Fc", 404, "no such job");
    assertEquals(404, assertThrows(GridClientException.class, () -> client.getJob("a b/c")).status());
    assertEquals(1, gateway.requests("GET", "/api/v1/jobs/a%20b%2Fc").size(), gateway.describe().toString());
  }

  @Test
  void shouldRegisterAnAppFolder() throws IOException {
    gateway.withDataStore();
    gateway.on("POST", "/api/v1/apps", r -> {
      AppRequest req = r.bodyAs(AppRequest.class);
      return Reply.json(201, new AppView(req.name(), req.version(), req.kind(), req.archive(), req.entrypoint(),
          req.requirements(), req.description(), "alice", Fixtures.T0));
    });
    Path app = Files.createDirectories(dir.resolve("pi"));
    Files.createDirectories(app.resolve("target"));
    Files.writeString(app.resolve("target/pi.jar"), "jar bytes");
    Files.writeString(app.resolve("run.sh"), "#!/bin/sh\n");
    Files.writeString(app.resolve(AppManifest.FILE_NAME), """
        {"name": "pi", "version": "2.0", "kind": "native", "description": "Monte Carlo pi",
         "entrypoint": ["sh", "run.sh"],
         "files": {"run.sh": "run.sh", "lib/pi.jar": "target/pi.jar"},
         "requirements": {"minCores": 2}}
        """);
    AppView view = client.registerAppFolder(app);
    assertEquals("pi", view.name());
    assertEquals("pi-2.0.zip", view.archive().name());
    assertEquals(2, view.requirements().minCores());
    assertEquals(List.of("sh", "run.sh"), view.entrypoint());
    byte[] zip = gateway.stored(view.archive().sha256());
    Path unzipped = dir.resolve("unzipped");
    Path z = Files.write(dir.resolve("p.zip"), zip);
    org.xwgrid.common.Zips.unzip(z, unzipped);
    assertEquals("jar bytes", Files.readString(unzipped.resolve("lib/pi.jar")));
    assertEquals("#!/bin/sh\n", Files.readString(unzipped.resolve("run.sh")));

    // deterministic: registering again uploads the same bytes (answered 200)
    assertEquals(view.archive(), client.registerAppFolder(app).archive());
  }
}
