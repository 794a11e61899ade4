package org.xwgrid.worker;

import picocli.CommandLine;

/** {@code xw worker} as its own JVM, for tests that kill the worker process. */
public final class TestingWorkerMain {
  private TestingWorkerMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new WorkerCommand()).execute(args));
  }
}
