package org.xwgrid.worker.exec.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a container's log frames to two streams: stdout (and raw frames) to one, stderr to the other. */
final class LogsToFiles extends ResultCallback.Adapter<Frame> {
  private final OutputStream out;
  private final OutputStream err;
  private volatile IOException failure;

  LogsToFiles(OutputStream out, OutputStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void onNext(Frame frame) {
    if (failure != null) {
      return;
    }
    try {
      (frame.getStreamType() == StreamType.STDERR ? err : out).write(frame.getPayload());
    } catch (IOException e) {
      failure = e;
    }
  }

  /** Throws the first write failure, or the stream's error. */
  void check() throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      throwFirstError();
    } catch (RuntimeException e) {
      throw new IOException("cannot read the container's logs: " + DockerErrors.reason(e), e);
    }
  }
}
