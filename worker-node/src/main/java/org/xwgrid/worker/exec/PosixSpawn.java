package org.xwgrid.worker.exec;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts task processes with glibc's {@code posix_spawnp} (through JNA) instead of the JDK's
 * {@code ProcessBuilder.start}, and waits for them on the calling thread. Per {@code /bin/true}
 * task this spares the worker about a fifth of a millisecond of CPU: the JDK's child lists {@code
 * /proc/self/fd} to close the worker's descriptors (one kernel inode per open file, per spawn),
 * where {@code posix_spawn_file_actions_addclosefrom_np} closes them with one {@code close_range};
 * and the JDK hands every process to a "process reaper" thread, whose wake-up is one more thread
 * hand-off per task.
 *
 * <p>Used when the C library has what it needs (glibc 2.34 or later on Linux: {@code
 * addclosefrom_np} and {@code addchdir_np}) and the launch is one this class can describe (stdin,
 * stdout and stderr redirected from and to files); otherwise {@link #start} is {@code
 * ProcessBuilder.start}. The child gets what the JDK would give it: the command looked up on this
 * process's {@code PATH}, the builder's environment and directory, every signal at its default
 * and none blocked, no descriptor but 0, 1 and 2; arguments are encoded as the JDK encodes them.
 */
public final class PosixSpawn {
  private static final Logger log = LoggerFactory.getLogger(PosixSpawn.class);
  private static final Charset ARGS = argsCharset();

  private static final int O_RDONLY = 0;
  private static final int O_WRONLY = 1;
  private static final int O_CREAT = 0100;
  private static final int O_TRUNC = 01000;
  private static final int O_APPEND = 02000;
  private static final int NEW_FILE_MODE = 0666;
  private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final int P_PID = 1;
  private static final int WNOHANG = 1;
  private static final int WEXITED = 4;
  private static final int WNOWAIT = 0x01000000;
  private static final int EINTR = 4;
  private static final int SIGTERM = 15;
  private static final int SIGKILL = 9;
  /** Above glibc's sizes on 64-bit Linux: 80 (file actions), 336 (attributes), 128 (sigset, siginfo). */
  private static final int FILE_ACTIONS_BYTES = 256;
  private static final int ATTR_BYTES = 512;
  private static final int SIGSET_BYTES = 256;
  private static final int SIGINFO_BYTES = 256;

  private PosixSpawn() {}

  /** How the JDK encodes a process's arguments, environment and paths: {@code sun.jnu.encoding}. */
  private static Charset argsCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** Whether {@link #start} uses {@code posix_spawnp} on this host. */
  public static boolean available() {
    return C.LINKED;
  }

  /**
   * Starts {@code pb}'s process: through {@code posix_spawnp} when {@link #available()} and its
   * three streams are redirected from or to files, else through {@code pb.start()}.
   */
  public static Process start(ProcessBuilder pb) throws IOException {
    if (!C.LINKED || !describable(pb)) {
      return pb.start();
    }
    List<String> command = pb.command();
    if (command.isEmpty()) {
      throw new IndexOutOfBoundsException("empty command");
    }
    for (String arg : command) {
      if (arg.indexOf('\0') >= 0) {
        throw new IOException("invalid null character in command"); // as ProcessBuilder.start says
      }
    }
    List<byte[]> args = cStrings(command);
    List<byte[]> env = new ArrayList<>(pb.environment().size());
    for (Map.Entry<String, String> e : pb.environment().entrySet()) {
      env.add(cString(e.getKey() + "=" + e.getValue()));
    }
    // one native block per spawn: file actions, attributes, argv and envp with their strings
    long argvAt = FILE_ACTIONS_BYTES + ATTR_BYTES;
    long envpAt = argvAt + (long) (args.size() + 1) * Native.POINTER_SIZE;
    long stringsAt = envpAt + (long) (env.size() + 1) * Native.POINTER_SIZE;
    long size = stringsAt;
    for (byte[] b : args) {
      size += b.length;
    }
    for (byte[] b : env) {
      size += b.length;
    }
    try (Memory block = new Memory(size)) {
      Pointer actions = block.share(0, FILE_ACTIONS_BYTES);
      Pointer attr = block.share(FILE_ACTIONS_BYTES, ATTR_BYTES);
      long next = pointers(block, argvAt, args, stringsAt);
      pointers(block, envpAt, env, next);
      check(C.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
      try {
        check(C.posix_spawnattr_init(attr), "posix_spawnattr_init");
        try {
          open(actions, 0, pb.redirectInput());
          open(actions, 1, pb.redirectOutput());
          open(actions, 2, pb.redirectError());
          check(C.posix_spawn_file_actions_addclosefrom_np(actions, 3), "posix_spawn_file_actions_addclosefrom_np");
          if (pb.directory() != null) {
            check(C.posix_spawn_file_actions_addchdir_np(actions, cString(pb.directory().getPath())), "posix_spawn_file_actions_addchdir_np");
          }
          check(C.posix_spawnattr_setsigmask(attr, C.NO_SIGNALS), "posix_spawnattr_setsigmask");
          check(C.posix_spawnattr_setsigdefault(attr, C.ALL_SIGNALS), "posix_spawnattr_setsigdefault");
          check(C.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)), "posix_spawnattr_setflags");
          int[] pid = new int[1];
          int rc = C.posix_spawnp(pid, args.get(0), actions, attr, block.share(argvAt), block.share(envpAt));
          if (rc != 0) {
            throw new IOException(
                "Cannot run program \"" + command.get(0) + "\""
                    + (pb.directory() == null ? "" : " (in directory \"" + pb.directory() + "\")")
                    + ": error=" + rc + ", " + C.strerror(rc));
          }
          return new Spawned(pid[0]);
        } finally {
          C.posix_spawnattr_destroy(attr);
        }
      } finally {
        C.posix_spawn_file_actions_destroy(actions);
      }
    }
  }

  /**
   * Writes {@code strings} into {@code block} from {@code stringsAt} and a null-terminated array
   * of pointers to them at {@code arrayAt}; returns where the next strings may go.
   */
  private static long pointers(Memory block, long arrayAt, List<byte[]> strings, long stringsAt) {
    long at = stringsAt;
    for (int i = 0; i < strings.size(); i++) {
      byte[] b = strings.get(i);
      block.write(at, b, 0, b.length);
      block.setPointer(arrayAt + (long) i * Native.POINTER_SIZE, block.share(at));
      at += b.length;
    }
    block.setPointer(arrayAt + (long) strings.size() * Native.POINTER_SIZE, null);
    return at;
  }

  private static List<byte[]> cStrings(List<String> strings) {
    List<byte[]> out = new ArrayList<>(strings.size());
    for (String s : strings) {
      out.add(cString(s));
    }
    return out;
  }

  private static boolean describable(ProcessBuilder pb) {
    return !pb.redirectErrorStream()
        && pb.redirectInput().type() == ProcessBuilder.Redirect.Type.READ
        && isWrite(pb.redirectOutput())
        && isWrite(pb.redirectError());
  }

  private static boolean isWrite(ProcessBuilder.Redirect r) {
    return r.type() == ProcessBuilder.Redirect.Type.WRITE || r.type() == ProcessBuilder.Redirect.Type.APPEND;
  }

  private static void open(Pointer actions, int fd, ProcessBuilder.Redirect r) throws IOException {
    File f = r.file();
    int flags =
        switch (r.type()) {
          case READ -> O_RDONLY;
          case APPEND -> O_WRONLY | O_CREAT | O_APPEND;
          default -> O_WRONLY | O_CREAT | O_TRUNC;
        };
    check(C.posix_spawn_file_actions_addopen(actions, fd, cString(f.getPath()), flags, NEW_FILE_MODE), "posix_spawn_file_actions_addopen " + f);
  }

  private static void check(int rc, String what) throws IOException {
    if (rc != 0) {
      throw new IOException(what + ": error=" + rc + ", " + C.strerror(rc));
    }
  }

  private static byte[] cString(String s) {
    byte[] b = s.getBytes(ARGS);
    byte[] z = new byte[b.length + 1];
    System.arraycopy(b, 0, z, 0, b.length);
    return z;
  }

  /**
   * A process started by {@code posix_spawnp}: {@link #waitFor()} blocks the caller in {@code
   * waitid} until it exits, then reaps it; signals are sent only while it is not reaped (so never
   * to a recycled pid). The calling thread's interrupt does not end a wait in progress: abort the
   * task (kill the process) instead. Its streams are empty, as they are redirected.
   */
  static final class Spawned extends Process {
    private final int pid;
    private boolean reaped;
    private int exitCode;

    Spawned(int pid) {
      this.pid = pid;
    }

    @Override
    public int waitFor() throws InterruptedException {
      synchronized (this) {
        if (reaped) {
          return exitCode;
        }
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      // wait without reaping: the process stays a zombie until reap() takes it under the lock
      byte[] info = new byte[SIGINFO_BYTES];
      while (true) {
        try {
          C.waitid(P_PID, pid, info, WEXITED | WNOWAIT);
          break;
        } catch (LastErrorException e) {
          if (e.getErrorCode() != EINTR) {
            break; // ECHILD: another thread reaped it
          }
        }
      }
      synchronized (this) {
        reap();
        if (!reaped) {
          throw new IllegalStateException("process " + pid + " cannot be waited for");
        }
        return exitCode;
      }
    }

    /** Under the lock: takes the exit status if the process has ended. */
    private void reap() {
      if (reaped) {
        return;
      }
      int[] status = new int[1];
      try {
        if (C.waitpid(pid, status, WNOHANG) == pid) {
          int s = status[0];
          int signal = s & 0x7f;
          exitCode = signal == 0 ? (s >> 8) & 0xff : 0x80 + signal; // as the JDK reports a signal
          reaped = true;
        }
      } catch (LastErrorException e) {
        log.warn("Cannot reap process {}: {}", pid, e.getMessage());
      }
    }

    @Override
    public synchronized int exitValue() {
      reap();
      if (!reaped) {
        throw new IllegalThreadStateException("process " + pid + " has not exited");
      }
      return exitCode;
    }

    @Override
    public synchronized boolean isAlive() {
      reap();
      return !reaped;
    }

    @Override
    public void destroy() {
      signal(SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
      signal(SIGKILL);
      return this;
    }

    @Override
    public boolean supportsNormalTermination() {
      return true;
    }

    private synchronized void signal(int sig) {
      if (!reaped) {
        try {
          C.kill(pid, sig);
        } catch (LastErrorException e) {
          log.debug("Cannot signal process {}: {}", pid, e.getMessage());
        }
      }
    }

    @Override
    public long pid() {
      return pid;
    }

    /** This process as a {@link ProcessHandle}; only while it is not reaped (its pid may be reused after). */
    @Override
    public synchronized ProcessHandle toHandle() {
      if (reaped) {
        throw new IllegalStateException("process " + pid + " has ended");
      }
      return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " has ended"));
    }

    @Override
    public synchronized Stream<ProcessHandle> children() {
      return reaped ? Stream.empty() : toHandle().children();
    }

    @Override
    public synchronized Stream<ProcessHandle> descendants() {
      return reaped ? Stream.empty() : toHandle().descendants();
    }

    @Override
    public OutputStream getOutputStream() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public String toString() {
      return "Process[pid=" + pid + ", exitValue=" + (reaped ? exitCode : "\"not exited\"") + "]";
    }
  }

  /** glibc, bound by JNA's direct mapping; {@link #LINKED} is false where a function is missing. */
  private static final class C {
    static final boolean LINKED = link();
    static final Memory NO_SIGNALS = signals(false);
    static final Memory ALL_SIGNALS = signals(true);

    private static Memory signals(boolean all) {
      Memory set = new Memory(SIGSET_BYTES);
      if (LINKED) {
        if (all) {
          sigfillset(set);
        } else {
          sigemptyset(set);
        }
      }
      return set;
    }

    private static boolean link() {
      if (!Platform.isLinux()) {
        return false;
      }
      try {
        Native.register(C.class, Platform.C_LIBRARY_NAME);
        return true;
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        log.info("Task processes start through the JDK: this C library has no posix_spawn file action to close descriptors or change directory ({})", e.getMessage());
        return false;
      }
    }

    static native int posix_spawnp(int[] pid, byte[] file, Pointer actions, Pointer attr, Pointer argv, Pointer envp);

    static native int posix_spawn_file_actions_init(Pointer actions);

    static native int posix_spawn_file_actions_destroy(Pointer actions);

    static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, byte[] path, int flags, int mode);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    static native int posix_spawn_file_actions_addchdir_np(Pointer actions, byte[] path);

    static native int posix_spawnattr_init(Pointer attr);

    static native int posix_spawnattr_destroy(Pointer attr);

    static native int posix_spawnattr_setflags(Pointer attr, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attr, Pointer set);

    static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer set);

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);

    static native int waitid(int idType, int id, byte[] info, int options) throws LastErrorException;

    static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

    static native int kill(int pid, int signal) throws LastErrorException;

    static native String strerror(int errno);
  }
}
