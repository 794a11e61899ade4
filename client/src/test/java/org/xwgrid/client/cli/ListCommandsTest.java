package org.xwgrid.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xwgrid.client.Fixtures;
import org.xwgrid.client.TestingGateway;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.JobList;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskList;
import org.xwgrid.common.api.ClientApi.UserCreated;
import org.xwgrid.common.api.ClientApi.UserRequest;
import org.xwgrid.common.api.ClientApi.AccountList;
import org.xwgrid.common.api.ClientApi.AccountView;
import org.xwgrid.common.api.ClientApi.DepositRequest;
import org.xwgrid.common.api.ClientApi.WorkerList;
import org.xwgrid.common.api.DataRef;

/** {@code xw jobs}, {@code xw workers}, {@code xw tasks}, {@code xw cancel}, {@code xw user add}. */
class ListCommandsTest {
  private final TestingGateway gateway = TestingGateway.start();

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void shouldListJobs() throws IOException {
    JobList jobs = new JobList(List.of(Fixtures.job("j1", "RUNNING", 5, 1, 2, 2), Fixtures.job("j2", "COMPLETED", 1, 0, 0, 1)));
    gateway.json("GET", "/api/v1/jobs", 200, jobs);
    Xw.Run run = Xw.run(gateway, "jobs");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of(
        "ID  NAME    APP  STATE      TASKS  PENDING  RUNNING  COMPLETED  FAILED  CANCELLED  SUBMITTED",
        "j1  job-j1  pi   RUNNING    5      1        2        2          0       0          2026-11-21T10:00:00Z",
        "j2  job-j2  pi   COMPLETED  1      0        0        1          0       0          2026-11-21T10:00:00Z"),
        run.outLines());
    assertEquals(jobs, Json.mapper().readValue(Xw.run(gateway, "jobs", "--json").out(), JobList.class));
    assertEquals("Bearer " + Xw.TOKEN, gateway.requests("GET", "/api/v1/jobs").get(0).authorization());
  }

  @Test
  void shouldAskForTheLastJobsWithALimit() {
    gateway.json("GET", "/api/v1/jobs", 200, new JobList(List.of()));
    assertEquals(0, Xw.run(gateway, "jobs", "--limit", "5").exit());
    assertEquals(Map.of("limit", "5"), gateway.only("GET", "/api/v1/jobs").query());
    assertEquals(2, Xw.run(gateway, "jobs", "--limit", "0").exit());
  }

  @Test
  void shouldSayWhenThereAreNoJobs() {
    gateway.json("GET", "/api/v1/jobs", 200, new JobList(List.of()));
    assertEquals(List.of("no jobs"), Xw.run(gateway, "jobs").outLines());
  }

  @Test
  void shouldListWorkersAsATable() throws IOException {
    WorkerList workers = new WorkerList(List.of(Fixtures.worker("w-1", "lab-pc-1")));
    gateway.json("GET", "/api/v1/workers", 200, workers);
    Xw.Run run = Xw.run(gateway, "workers");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of(
        "ID   NAME      STATUS  CORES  MEMORY  SLOTS  RUNNING  SCORE  WEIGHT  ADDRESS      LAST SEEN             ACTIVITY",
        "w-1  lab-pc-1  ALIVE   8      16 GiB  4      2        100    32      0x7e5f…5bdf  2026-11-21T10:00:05Z  paused 40s (owner active)"),
        run.outLines());
    assertEquals(workers, Json.mapper().readValue(Xw.run(gateway, "workers", "--json").out(), WorkerList.class));
  }

  @Test
  void shouldShowListAndDepositCredits() throws IOException {
    gateway.json("GET", "/api/v1/accounts/me", 200, new AccountView("user:alice", 60, 40));
    gateway.json("GET", "/api/v1/accounts", 200,
        new AccountList(List.of(new AccountView("pool", 3, 0), new AccountView("user:alice", 60, 40)), 103));
    gateway.json("POST", "/api/v1/accounts/alice/deposit", 200, new AccountView("user:alice", 160, 40));
    Xw.Run show = Xw.run(gateway, "account", "show");
    assertEquals(0, show.exit(), show.toString());
    assertEquals(List.of("user:alice: 60 credits free, 40 locked"), show.outLines());
    Xw.Run list = Xw.run(gateway, "account", "list");
    assertEquals(List.of("ACCOUNT     FREE  LOCKED", "pool        3     0", "user:alice  60    40", "total 103 credits"), list.outLines());
    Xw.Run dep = Xw.run(gateway, "account", "deposit", "alice", "100", "--key", "grant-7");
    assertEquals(List.of("user:alice: 160 credits free, 40 locked"), dep.outLines());
    assertEquals(new DepositRequest(100, "grant-7"), gateway.requests("POST", "/api/v1/accounts/alice/deposit").get(0).bodyAs(DepositRequest.class));
    Xw.Run bad = Xw.run(gateway, "account", "deposit", "alice", "0");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("AMOUNT must be at least 1"), bad.err());
    assertEquals(1, gateway.requests("POST", "/api/v1/accounts/alice/deposit").size(), "nothing sent for bad input");
  }

  @Test
  void shouldListTasksFromAnIndex() throws IOException {
    TaskList tasks = new TaskList("j1", List.of(
        Fixtures.task(10, "COMPLETED", new DataRef(Fixtures.SHA, 2048, "r.zip")), Fixtures.task(11, "FAILED", null)));
    gateway.json("GET", "/api/v1/jobs/j1/tasks", 200, tasks);
    Xw.Run run = Xw.run(gateway, "tasks", "j1", "--from", "10", "--limit", "2");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(Map.of("from", "10", "limit", "2"), gateway.only("GET", "/api/v1/jobs/j1/tasks").query());
    assertEquals(List.of(
        "INDEX  STATE      ATTEMPTS  WORKER  RESULT                  CPU    PEAK MEMORY  LAST ERROR",
        "10     COMPLETED  1         w-1     aaaaaaaaaaaa (2.0 KiB)  1.5 s  50.0 MiB     -",
        "11     FAILED     1         w-1     -                       -      -            exit code 3"),
        run.outLines());
    assertEquals(tasks, Json.mapper().readValue(Xw.run(gateway, "tasks", "j1", "--json").out(), TaskList.class));
    assertEquals(2, Xw.run(gateway, "tasks", "j1", "--limit", "0").exit());
  }

  @Test
  void shouldCancelAJob() throws IOException {
    JobView cancelled = Fixtures.job("j1", "CANCELLED", 3, 0, 0, 1, 0, 2);
    gateway.json("POST", "/api/v1/jobs/j1/cancel", 200, cancelled);
    Xw.Run run = Xw.run(gateway, "cancel", "j1");
    assertEquals(0, run.exit(), run.toString());
    assertEquals("cancelled job j1 (job-j1) CANCELLED: 3 tasks, 0 pending, 0 running, 1 completed, 0 failed, 2 cancelled",
        run.lastLine());
    assertEquals("Bearer " + Xw.TOKEN, gateway.only("POST", "/api/v1/jobs/j1/cancel").authorization());
    assertEquals(cancelled, Json.mapper().readValue(Xw.run(gateway, "cancel", "j1", "--json").out(), JobView.class));
  }

  @Test
  void shouldSayWhenTheJobWasAlreadyFinished() {
    gateway.json("POST", "/api/v1/jobs/j1/cancel", 200, Fixtures.job("j1", "COMPLETED", 1, 0, 0, 1));
    Xw.Run run = Xw.run(gateway, "cancel", "j1");
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.lastLine().startsWith("already finished, nothing to cancel: job j1 (job-j1) COMPLETED"), run.out());
  }

  @Test
  void shouldCreateAUserAndPrintItsTokenAloneOnTheLastLine() {
    gateway.json("POST", "/api/v1/users", 201, new UserCreated("bob", "worker", "tok-123"));
    Xw.Run run = Xw.run(gateway, "user", "add", "bob", "--role", "worker");
    assertEquals(0, run.exit(), run.toString());
    assertEquals("tok-123", run.lastLine());
    assertEquals(new UserRequest("bob", "worker"), gateway.only("POST", "/api/v1/users").bodyAs(UserRequest.class));
  }

  @Test
  void shouldCreateStandardUsersByDefaultAndRefuseUnknownRoles() {
    gateway.json("POST", "/api/v1/users", 201, new UserCreated("carol", "standard", "tok"));
    assertEquals(0, Xw.run(gateway, "user", "add", "carol").exit());
    assertEquals("standard", gateway.only("POST", "/api/v1/users").bodyAs(UserRequest.class).role());
    Xw.Run bad = Xw.run(gateway, "user", "add", "dave", "--role", "root");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().startsWith("--role must be one of standard, worker, admin, not 'root'"), bad.err());
    assertEquals(2, Xw.run(gateway, "user", "add", "Not Valid").exit());
  }

  @Test
  void shouldSayWhenTheNameIsTaken() {
    gateway.error("POST", "/api/v1/users", 409, "user 'bob' exists");
    Xw.Run run = Xw.run(gateway, "user", "add", "bob");
    assertEquals(1, run.exit());
    assertEquals(List.of("xw user add: user 'bob' exists (HTTP 409)"), run.errLines());
  }
}
