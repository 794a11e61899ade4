package org.xwgrid.worker.exec;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files a kept cgroup is read from, opened once and then read in place ({@code pread} at
 * offset 0: the kernel makes a control file's text anew for a read from 0). Opening a cgroup file
 * costs the kernel more than reading it, and a reused group reads nine per task. Thread-safe;
 * closed before the group is removed.
 */
final class OpenCgroupFiles implements Closeable {
  private final Map<Path, FileChannel> readers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** The whole text of {@code file}. */
  String read(Path file) throws IOException {
    FileChannel ch = channel(file);
    ByteBuffer buf = ByteBuffer.allocate(256);
    long pos = 0;
    for (int n; (n = ch.read(buf, pos)) > 0; ) {
      pos += n;
      if (!buf.hasRemaining()) {
        buf = ByteBuffer.wrap(Arrays.copyOf(buf.array(), buf.capacity() * 2)).position(buf.capacity());
      }
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
  }

  private FileChannel channel(Path file) throws IOException {
    if (closed) {
      throw new IOException("the cgroup's files are closed: " + file);
    }
    FileChannel ch = readers.get(file);
    if (ch == null) {
      FileChannel opened = FileChannel.open(file, StandardOpenOption.READ);
      ch = readers.putIfAbsent(file, opened);
      if (ch == null) {
        ch = opened;
      } else {
        opened.close(); // another thread opened it meanwhile
      }
    }
    return ch;
  }

  @Override
  public void close() {
    closed = true;
    for (FileChannel ch : readers.values()) {
      try {
        ch.close();
      } catch (IOException e) {
        // only read through: nothing to lose
      }
    }
    readers.clear();
  }
}
