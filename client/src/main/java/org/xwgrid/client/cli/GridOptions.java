package org.xwgrid.client.cli;

import org.xwgrid.client.GridClient;
import org.xwgrid.client.GridClientOptions;
import picocli.CommandLine.Option;

/**
 * The options every command takes to reach a dispatcher. Defaults come from the environment
 * variables {@code XW_DISPATCHER} and {@code XW_TOKEN} (or system properties of the same names).
 */
public final class GridOptions {

  @Option(
      names = "--dispatcher",
      paramLabel = "URL",
      defaultValue = "${XW_DISPATCHER:-" + GridClientOptions.DEFAULT_BASE_URL + "}",
      description = "Dispatcher URL (default: $XW_DISPATCHER, else " + GridClientOptions.DEFAULT_BASE_URL + ").")
  String dispatcher;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${XW_TOKEN}",
      description = "Bearer token (default: $XW_TOKEN).")
  String token;

  public String dispatcher() {
    return dispatcher;
  }

  public String token() {
    return token;
  }

  /**
   * A client of the chosen dispatcher (an empty {@code --dispatcher} or {@code XW_DISPATCHER}
   * means the default); throws {@link IllegalArgumentException} on a bad URL.
   */
  GridClient client() {
    String url = dispatcher == null || dispatcher.isBlank() ? GridClientOptions.DEFAULT_BASE_URL : dispatcher;
    return new GridClient(GridClientOptions.builder().baseUrl(url).token(token).build());
  }
}
