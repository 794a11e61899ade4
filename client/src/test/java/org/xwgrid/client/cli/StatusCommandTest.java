package org.xwgrid.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xwgrid.client.Fixtures;
import org.xwgrid.client.TestingGateway;
import org.xwgrid.client.TestingGateway.Reply;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.JobView;

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

  @Test
  void shouldRefuseANonPositiveInterval() {
    assertEquals(2, Xw.run(gateway, "status", "j7", "--watch", "--interval-ms", "0").exit());
    assertEquals(2, Xw.run(gateway, "status").exit(), "JOB is required");
  }
}
