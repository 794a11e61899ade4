package org.xwgrid.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xwgrid.client.Fixtures;
import org.xwgrid.client.TestingGateway;
import org.xwgrid.client.TestingGateway.Reply;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.PocoView;
import org.xwgrid.common.api.ClientApi.ReplicaView;
import org.xwgrid.common.api.ClientApi.TaskList;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.DataRef;

class StatusCommandTest {
  private static final String PATH = "/api/v1/jobs/j7";
  private final TestingGateway gateway = TestingGateway.start();

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void shouldPrintASummaryLineOfStateAndCounts() {
    gateway.json("GET", PATH, 200, Fixtures.job("j7", "RUNNING", 10, 3, 2, 4, 1, 0));
    Xw.Run run = Xw.run(gateway, "status", "j7");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of("job j7 (job-j7) RUNNING: 10 tasks, 3 pending, 2 running, 4 completed, 1 failed, 0 cancelled"),
        run.outLines());
    assertEquals("Bearer " + Xw.TOKEN, gateway.only("GET", PATH).authorization());
  }

  @Test
  void shouldExit0WithoutWatchWhateverTheState() {
    gateway.json("GET", PATH, 200, Fixtures.job("j7", "FAILED", 1, 0, 0, 0, 1));
    assertEquals(0, Xw.run(gateway, "status", "j7").exit());
  }

  @Test
  void shouldPrintTheJobViewWithJson() throws IOException {
    JobView job = Fixtures.job("j7", "RUNNING", 2, 1, 1);
    gateway.json("GET", PATH, 200, job);
    Xw.Run run = Xw.run(gateway, "status", "j7", "--json");
    assertEquals(job, Json.mapper().readValue(run.out(), JobView.class));
  }

  @Test
  void shouldWatchWithAProgressBarUntilCompletedAndExit0() {
    gateway.sequence("GET", PATH,
        Reply.json(200, Fixtures.job("j7", "RUNNING", 4, 4)),
        Reply.json(200, Fixtures.job("j7", "RUNNING", 4, 1, 1, 2)),
        Reply.json(200, Fixtures.job("j7", "COMPLETED", 4, 0, 0, 4)));
    Xw.Run run = Xw.run(gateway, "status", "j7", "--watch", "--interval-ms", "5");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(3, gateway.requests("GET", PATH).size());
    assertEquals("job j7 (job-j7) COMPLETED: 4 tasks, 0 pending, 0 running, 4 completed, 0 failed, 0 cancelled",
        run.lastLine());
    assertTrue(run.err().contains("job j7"), "the bar is drawn on stderr: " + run.err());
    assertTrue(run.err().contains("4/4"), "the bar ends full: " + run.err());
  }

  @Test
  void shouldExit1WhenTheWatchedJobFails() {
    gateway.sequence("GET", PATH,
        Reply.json(200, Fixtures.job("j7", "RUNNING", 2, 0, 2)),
        Reply.json(200, Fixtures.job("j7", "FAILED", 2, 0, 0, 1, 1)));
    Xw.Run run = Xw.run(gateway, "status", "j7", "--watch", "--interval-ms", "5");
    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.lastLine().startsWith("job j7 (job-j7) FAILED"), run.toString());
  }

  @Test
  void shouldExit1WhenTheWatchedJobIsCancelledAndPrintJsonOnce() throws IOException {
    JobView cancelled = Fixtures.job("j7", "CANCELLED", 2, 0, 0, 1, 0, 1);
    gateway.sequence("GET", PATH, Reply.json(200, Fixtures.job("j7", "RUNNING", 2, 1, 1)), Reply.json(200, cancelled));
    Xw.Run run = Xw.run(gateway, "status", "j7", "--watch", "--json", "--interval-ms", "5");
    assertEquals(1, run.exit(), run.toString());
    assertEquals(cancelled, Json.mapper().readValue(run.out(), JobView.class));
  }

  @Test
  void shouldKeepWatchingThroughABriefOutage() {
    gateway.sequence("GET", PATH,
        Reply.json(200, Fixtures.job("j7", "RUNNING", 1, 1)),
        Reply.error(503, "Service Unavailable", "shard rebalancing"),
        Reply.json(200, Fixtures.job("j7", "COMPLETED", 1, 0, 0, 1)));
    Xw.Run run = Xw.run(gateway, "status", "j7", "--watch", "--interval-ms", "5");
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.err().contains("xw status: shard rebalancing (HTTP 503); still watching"), run.err());
  }

  @Test
  void shouldStopWatchingOnAPermanentError() {
    gateway.sequence("GET", PATH,
        Reply.json(200, Fixtures.job("j7", "RUNNING", 1, 1)),
        Reply.error(403, "Forbidden", "not your job"));
    Xw.Run run = Xw.run(gateway, "status", "j7", "--watch", "--interval-ms", "5");
    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.err().endsWith("xw status: not your job (HTTP 403)" + System.lineSeparator()), run.err());
  }

  @Test
  void shouldSayWhenTheJobIsUnknown() {
    gateway.error("GET", PATH, 404, "no job j7");
    Xw.Run run = Xw.run(gateway, "status", "j7");
    assertEquals(1, run.exit());
    assertEquals(List.of("xw status: no job j7 (HTTP 404)"), run.errLines());
  }

  private static final String TASKS = "/api/v1/jobs/j7/tasks";

  /** A job of trust 10 (threshold 0.9): task 0 finalized, task 1 still open, task 2 without replicas yet. */
  private static List<TaskView> certifiedTasks() {
    PocoView finalized = new PocoView(Fixtures.hash('1'), "FINALIZED", 64.0 / 67, 0.9, Fixtures.hash('3'), Fixtures.hash('3'), "w-2",
        List.of(
            new ReplicaView(1, "w-1", Fixtures.address('7'), "REVEALED", Fixtures.hash('3'), 32),
            new ReplicaView(2, "w-2", Fixtures.address('b'), "REVEALED", Fixtures.hash('3'), 2),
            new ReplicaView(3, "w-3", Fixtures.address('c'), "CONTRIBUTED", Fixtures.hash('e'), 2)));
    PocoView open = new PocoView(Fixtures.hash('2'), "OPEN", 2.0 / 3, 0.9, Fixtures.hash('4'), null, null,
        List.of(
            new ReplicaView(1, "w-2", Fixtures.address('b'), "CONTRIBUTED", Fixtures.hash('4'), 2),
            new ReplicaView(2, "w-4", null, "ASSIGNED", null, 0)));
    PocoView fresh = new PocoView(Fixtures.hash('5'), "OPEN", 0, 0.9, null, null, null, List.of());
    return List.of(
        Fixtures.certifiedTask(0, "COMPLETED", finalized),
        Fixtures.certifiedTask(1, "RUNNING", open),
        Fixtures.certifiedTask(2, "PENDING", fresh));
  }

  @Test
  void shouldShowTheTermsOfACertifiedJobWithoutAskingForItsTasks() {
    gateway.json("GET", PATH, 200, Fixtures.certifiedJob("j7", "RUNNING", 100, 5, 3, 1, 1, 1));
    Xw.Run run = Xw.run(gateway, "status", "j7");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of(
        "job j7 (job-j7) RUNNING: 3 tasks, 1 pending, 1 running, 1 completed, 0 failed, 0 cancelled",
        "certified: trust 100, category S, price 5 credits per task"), run.outLines());
    assertEquals(List.of("GET " + PATH), gateway.describe());
  }

  @Test
  void shouldShowEachCertifiedTaskAndItsReplicasWithReplicas() {
    gateway.json("GET", PATH, 200, Fixtures.certifiedJob("j7", "RUNNING", 10, 1, 3, 1, 1, 1));
    gateway.json("GET", TASKS, 200, new TaskList("j7", certifiedTasks()));
    Xw.Run run = Xw.run(gateway, "status", "j7", "--replicas");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of(
        "job j7 (job-j7) RUNNING: 3 tasks, 1 pending, 1 running, 1 completed, 0 failed, 0 cancelled",
        "certified: trust 10, category S, price 1 credit per task",
        "task 0: FINALIZED, credibility 0.9552 / 0.9000, consensus 0x33333333…, uploader w-2",
        "  ATTEMPT  WORKER  ADDRESS      STATUS       RESULT HASH  WEIGHT",
        "  1        w-1     0x7777…beef  REVEALED     0x33333333…  32",
        "  2        w-2     0xbbbb…beef  REVEALED     0x33333333…  2",
        "  3        w-3     0xcccc…beef  CONTRIBUTED  0xeeeeeeee…  2",
        "task 1: OPEN, credibility 0.6666 / 0.9000, no consensus yet",
        "  ATTEMPT  WORKER  ADDRESS      STATUS       RESULT HASH  WEIGHT",
        "  1        w-2     0xbbbb…beef  CONTRIBUTED  0x44444444…  2",
        "  2        w-4     -            ASSIGNED     -            0",
        "task 2: OPEN, credibility 0.0000 / 0.9000, no consensus yet",
        "  no replicas yet"), run.outLines());
    assertEquals(Map.of("from", "0", "limit", "1000"), gateway.only("GET", TASKS).query());
    assertEquals("Bearer " + Xw.TOKEN, gateway.only("GET", TASKS).authorization());
  }

  @Test
  void shouldShowOnlyTheStateOfTasksThatAreNotCertified() {
    gateway.json("GET", PATH, 200, Fixtures.job("j7", "RUNNING", 2, 0, 1, 1));
    gateway.json("GET", TASKS, 200, new TaskList("j7", List.of(
        Fixtures.task(0, "COMPLETED", new DataRef(Fixtures.SHA, 10, "r.zip")), Fixtures.task(1, "RUNNING", null))));
    Xw.Run run = Xw.run(gateway, "status", "j7", "--replicas");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of(
        "job j7 (job-j7) RUNNING: 2 tasks, 0 pending, 1 running, 1 completed, 0 failed, 0 cancelled",
        "task 0: COMPLETED (not certified)",
        "task 1: RUNNING (not certified)"), run.outLines());
  }

  @Test
  void shouldPrintTheJobAndEveryTaskAsOneJsonObjectWithReplicas() throws IOException {
    JobView job = Fixtures.certifiedJob("j7", "RUNNING", 10, 1, 3, 1, 1, 1);
    gateway.json("GET", PATH, 200, job);
    gateway.json("GET", TASKS, 200, new TaskList("j7", certifiedTasks()));
    Xw.Run run = Xw.run(gateway, "status", "j7", "--replicas", "--json");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(new StatusCommand.JobTasks(job, certifiedTasks()), Json.mapper().readValue(run.out(), StatusCommand.JobTasks.class));
    JsonNode tree = Json.mapper().readTree(run.out());
    assertEquals(List.of("job", "tasks"), fieldNames(tree));
    assertEquals(10, tree.path("job").path("trust").asInt());
    JsonNode replica = tree.path("tasks").get(0).path("poco").path("replicas").get(0);
    assertEquals(Fixtures.hash('3'), replica.path("resultHash").asText(), "JSON has whole hashes");
    assertEquals(Fixtures.address('7'), replica.path("address").asText(), "and whole addresses");
  }

  @Test
  void shouldLeavePocoOutOfThePlainTasksOfTheJson() throws IOException {
    gateway.json("GET", PATH, 200, Fixtures.job("j7", "COMPLETED", 1, 0, 0, 1));
    gateway.json("GET", TASKS, 200, new TaskList("j7", List.of(Fixtures.task(0, "COMPLETED", null))));
    Xw.Run run = Xw.run(gateway, "status", "j7", "--json", "--replicas");
    JsonNode task = Json.mapper().readTree(run.out()).path("tasks").get(0);
    assertEquals("COMPLETED", task.path("state").asText());
    assertFalse(task.has("poco"), task.toString());
  }

  @Test
  void shouldPageThroughEveryTaskWithReplicas() {
    gateway.json("GET", PATH, 200, Fixtures.job("j7", "RUNNING", 1500, 1500));
    gateway.on("GET", TASKS, req -> {
      int from = Integer.parseInt(req.query().get("from"));
      int end = Math.min(from + Integer.parseInt(req.query().get("limit")), 1500);
      List<TaskView> page = new ArrayList<>();
      for (int i = from; i < end; i++) {
        page.add(Fixtures.task(i, "PENDING", null));
      }
      return Reply.json(200, new TaskList("j7", page));
    });
    Xw.Run run = Xw.run(gateway, "status", "j7", "--replicas");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of("0", "1000"),
        gateway.requests("GET", TASKS).stream().map(r -> r.query().get("from")).toList());
    assertEquals(1 + 1500, run.outLines().size());
    assertEquals("task 1499: PENDING (not certified)", run.lastLine());
  }

  @Test
  void shouldShowTheReplicasOnceTheWatchedJobIsFinished() {
    gateway.sequence("GET", PATH,
        Reply.json(200, Fixtures.certifiedJob("j7", "RUNNING", 10, 1, 3, 1, 1, 1)),
        Reply.json(200, Fixtures.certifiedJob("j7", "COMPLETED", 10, 1, 3, 0, 0, 3)));
    gateway.json("GET", TASKS, 200, new TaskList("j7", certifiedTasks()));
    Xw.Run run = Xw.run(gateway, "status", "j7", "--watch", "--replicas", "--interval-ms", "5");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(1, gateway.requests("GET", TASKS).size(), gateway.describe().toString());
    assertTrue(gateway.describe().get(gateway.describe().size() - 1).startsWith("GET " + TASKS), gateway.describe().toString());
    assertTrue(run.out().startsWith("job j7 (job-j7) COMPLETED: 3 tasks"), run.out());
    assertEquals("  no replicas yet", run.lastLine());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void shouldRefuseANonPositiveInterval() {
    assertEquals(2, Xw.run(gateway, "status", "j7", "--watch", "--interval-ms", "0").exit());
    assertEquals(2, Xw.run(gateway, "status").exit(), "JOB is required");
  }
}
