package org.xwgrid.client.cli;

import java.io.IOException;
import org.xwgrid.client.internal.Table;
import org.xwgrid.client.internal.Views;
import org.xwgrid.common.api.ClientApi.AppList;
import org.xwgrid.common.api.ClientApi.AppView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xw app list [--json]}. */
@Command(name = "list", description = "List the registered apps.")
public final class AppListCommand extends GridCommand {

  @Option(names = "--json", description = "Print the dispatcher's JSON (an AppList).")
  boolean json;

  @Override
  protected int run() throws IOException {
    requireToken();
    AppList apps = client().listApps();
    if (json) {
      printJson(apps);
      return 0;
    }
    if (apps.apps() == null || apps.apps().isEmpty()) {
      out().println("no apps");
      return 0;
    }
    Table t = new Table("NAME", "VERSION", "KIND", "OWNER", "PACKAGE", "REGISTERED", "DESCRIPTION");
    for (AppView a : apps.apps()) {
      t.row(a.name(), a.version(), a.kind(), a.owner(), Views.dataRef(a.archive()), Views.time(a.registeredAt()), a.description());
    }
    t.print(out());
    return 0;
  }
}
