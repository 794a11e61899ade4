package org.xwgrid.worker.net;

import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
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
 * The worker side of the dispatcher protocol ({@link org.xwgrid.common.api.WorkerApi}) and of the
 * data repository. Every call is asynchronous; a failed stage carries a {@link
 * DispatcherException} (error status) or an {@link java.io.IOException} (no answer). {@link
 * DispatcherClient} is the HTTP implementation; tests use in-memory doubles.
 */
public interface DispatcherApi {

  /**
   * {@code POST /api/v1/workers/register}, with the enrolment token on first registration or the
   * stored worker token when {@code request.workerId()} is set.
   */
  CompletionStage<Registered> register(String bearerToken, Register request);

  CompletionStage<HeartbeatAck> heartbeat(WorkerCredentials credentials, Heartbeat heartbeat);

  /** The long poll: the answer comes when work is there, or empty after {@code waitMs}. */
  CompletionStage<WorkBatch> requestWork(WorkerCredentials credentials, WorkRequest request);

  CompletionStage<Void> reportStatus(WorkerCredentials credentials, StatusReport report);

  CompletionStage<ResultAck> reportResults(WorkerCredentials credentials, ResultReport report);

  /** {@code POST /api/v1/workers/{id}/reveals}: digests (and uploaded zips) of certified replicas. */
  CompletionStage<ResultAck> reveal(WorkerCredentials credentials, RevealReport report);

  /** {@code PUT /api/v1/data/{sha256}?name=}: streams the file; {@code sha256} must be its digest. */
  CompletionStage<DataRef> upload(
      WorkerCredentials credentials, Path file, String sha256, String name);

  /**
   * {@code GET /api/v1/data/{sha256}?ticket=}: streams the blob into {@code target} (created or
   * replaced) without checking it; the caller verifies the digest.
   */
  CompletionStage<Path> download(
      WorkerCredentials credentials, DataRef data, String ticket, Path target);
}
