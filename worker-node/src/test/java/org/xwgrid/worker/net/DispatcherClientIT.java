package org.xwgrid.worker.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.Heartbeat;
import org.xwgrid.common.api.WorkerApi.Register;
import org.xwgrid.common.api.WorkerApi.Registered;
import org.xwgrid.common.api.WorkerApi.ResultAck;
import org.xwgrid.common.api.WorkerApi.ResultReport;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.api.WorkerApi.WorkBatch;
import org.xwgrid.common.api.WorkerApi.WorkRequest;
import org.xwgrid.worker.TestingDispatcher;

class DispatcherClientIT {
  @TempDir Path tmp;
  private TestingDispatcher dispatcher;
  private DispatcherClient client;

  @BeforeEach
  void start() throws IOException {
    dispatcher = TestingDispatcher.start();
    client = DispatcherClient.create(URI.create(dispatcher.url() + "/"), Duration.ofSeconds(2), Duration.ofSeconds(5), 2);
  }

  @AfterEach
  void stop() {
    client.close();
    dispatcher.close();
  }

  private static <T> T await(CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletionStage<?> s) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> s.toCompletableFuture().get(10, TimeUnit.SECONDS));
    return e.getCause();
  }

  private WorkerCredentials register() throws Exception {
    Registered r = await(client.register(TestingDispatcher.ENROLMENT_TOKEN, new Register(null, "w", Capabilities.ofThisHost(List.of()), 2, null)));
    return new WorkerCredentials(r.workerId(), r.workerToken());
  }

  @Test
  void shouldSpeakTheWorkerProtocol() throws Exception {
    WorkerCredentials c = register();
    assertNotNull(c.token());
    assertEquals(List.of(), await(client.heartbeat(c, new Heartbeat(List.of()))).abort());
    dispatcher.maxHoldMs(100);
    long start = System.nanoTime();
    WorkBatch empty = await(client.requestWork(c, new WorkRequest(2, 5_000)));
    assertEquals(List.of(), empty.assignments());
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90), "held as a long poll");
    ReplicaRef r = new ReplicaRef("j", 0, 1);
    ResultAck ack = await(client.reportResults(c, new ResultReport(List.of(new TaskReport(r, false, null, null, 1, "exit code 1", 5)))));
    assertEquals(List.of(r), ack.accepted());
    ack = await(client.reportResults(c, new ResultReport(List.of(new TaskReport(r, false, null, null, 1, "exit code 1", 5)))));
    assertEquals(List.of(r), ack.ignored());
  }

  @Test
  void shouldMapErrorBodiesToExceptions() {
    Throwable t = failure(client.register("wrong", new Register(null, "w", Capabilities.ofThisHost(List.of()), 1, null)));
    DispatcherException e = assertInstanceOf(DispatcherException.class, t);
    assertEquals(401, e.status());
    assertEquals("unauthorized", e.error());
    assertEquals("HTTP 401 unauthorized: bad enrolment token", e.getMessage());
    assertTrue(DispatcherException.isUnknownWorker(e));
    assertFalse(DispatcherException.isTransient(e));

    Throwable unknown = failure(client.heartbeat(new WorkerCredentials("nobody", "x"), new Heartbeat(List.of())));
    assertEquals(404, DispatcherException.statusOf(unknown));
  }

  @Test
  void shouldTreatOutagesAsTransient() throws Exception {
    WorkerCredentials c = register();
    dispatcher.unavailable(true);
    Throwable busy = failure(client.heartbeat(c, new Heartbeat(List.of())));
    assertEquals(503, DispatcherException.statusOf(busy));
    assertTrue(DispatcherException.isTransient(busy));
    dispatcher.unavailable(false);
    dispatcher.closePort();
    Throwable refused = failure(client.heartbeat(c, new Heartbeat(List.of())));
    assertInstanceOf(IOException.class, refused);
    assertTrue(DispatcherException.isTransient(refused));
  }

  @Test
  void shouldUploadAndDownloadData() throws Exception {
    WorkerCredentials c = register();
    Path file = Files.write(tmp.resolve("r.zip"), "some result".getBytes(StandardCharsets.UTF_8));
    DataRef ref = await(client.upload(c, file, "result.zip"));
    assertEquals(new DataRef(Hashes.sha256Hex(file), Files.size(file), "result.zip"), ref);
    assertEquals(ref, await(client.upload(c, file, ref.sha256(), "result.zip")));
    assertEquals(2, dispatcher.uploads(ref.sha256()));

    Throwable mismatch = failure(client.upload(c, file, "0".repeat(64), "x"));
    assertEquals(400, DispatcherException.statusOf(mismatch));
    assertInstanceOf(java.nio.file.NoSuchFileException.class, failure(client.upload(c, tmp.resolve("none"), ref.sha256(), "x")));

    Path target = tmp.resolve("down");
    assertEquals(target, await(client.download(c, ref, TestingDispatcher.TICKET, target)));
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(target));

    Path denied = tmp.resolve("denied");
    Throwable forbidden = failure(client.download(c, ref, "bad-ticket", denied));
    assertEquals(403, DispatcherException.statusOf(forbidden));
    assertFalse(Files.exists(denied) && Files.size(denied) > 0, "the error body is not written as data");
  }

  @Test
  void shouldServeManyWorkersConcurrentlyWithOneClient() throws Exception {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(
          client.register(TestingDispatcher.ENROLMENT_TOKEN, new Register(null, "w" + i, Capabilities.ofThisHost(List.of()), 1, null))
              .thenCompose(r -> client.heartbeat(new WorkerCredentials(r.workerId(), r.workerToken()), new Heartbeat(List.of())))
              .thenAccept(ack -> assertNull(null))
              .toCompletableFuture());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertEquals(50, dispatcher.workers().size());
  }
}
