package org.xwgrid.worker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <work-dir>/.lock}, so two workers never share a work dir. The OS
 * releases it when the process dies, so a {@code kill -9} leaves nothing to clean.
 */
final class WorkDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private WorkDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static WorkDirLock acquire(Path workDir) throws WorkerNodeException {
    Path file = workDir.resolve(".lock");
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        throw new OverlappingFileLockException();
      }
      return new WorkDirLock(ch, l);
    } catch (OverlappingFileLockException e) {
      closeQuietly(ch);
      throw new WorkerNodeException("work dir " + workDir + " is in use by another worker");
    } catch (IOException e) {
      closeQuietly(ch);
      throw new WorkerNodeException("cannot lock work dir " + workDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel is closed below anyway
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }
}
