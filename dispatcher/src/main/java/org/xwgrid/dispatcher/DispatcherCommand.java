package org.xwgrid.dispatcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xw dispatcher}: runs a dispatcher node until it is stopped. */
@Command(
    name = "dispatcher",
    mixinStandardHelpOptions = true,
    description = "Run a dispatcher node: cluster member, journal, scheduler and the HTTP gateway.")
public final class DispatcherCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file over the defaults (e.g. conf/postgresql.conf)")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Journal, data repository and admin.token (default ./xw-data)")
  Path dataDir;

  @Option(names = "--http-port", paramLabel = "PORT", description = "Gateway port (default 8080; 0 picks a free one)")
  Integer httpPort;

  @Option(names = "--http-host", paramLabel = "HOST", description = "Gateway address (default 127.0.0.1; 0.0.0.0 for every interface)")
  String httpHost;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> overrides = new HashMap<>();
    if (dataDir != null) {
      overrides.put("xwgrid.dispatcher.data-dir", dataDir.toAbsolutePath().toString());
    }
    if (httpPort != null) {
      overrides.put("xwgrid.dispatcher.http.port", httpPort);
    }
    if (httpHost != null) {
      overrides.put("xwgrid.dispatcher.http.host", httpHost);
    }
    if (config != null && !config.toFile().isFile()) {
      System.err.println("xw dispatcher: no such config file: " + config);
      return 2;
    }
    DispatcherNode node = DispatcherNode.start(DispatcherNode.config(config, overrides), System.out);
    node.whenTerminated().get();
    return 0;
  }
}
