package org.xwgrid.client.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.xwgrid.client.AppManifest;
import org.xwgrid.common.api.ClientApi.AppView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xw app add DIR}: registers the app of a folder holding an {@code xwapp.json} ({@link
 * AppManifest}): zips the listed files deterministically, uploads the zip, registers the app.
 */
@Command(
    name = "add",
    description = {
      "Register the app of a folder holding an xwapp.json manifest, or of a manifest file: a native"
          + " app's listed files are zipped and uploaded, a docker app's image archive is uploaded as is,"
          + " then the app is registered. The manifest:",
      "  {\"name\", \"version\", \"kind\": \"native\", \"description\", \"entrypoint\": [...],",
      "   \"files\": {\"nameInPackage\": \"path/relative/to/DIR\"}, \"requirements\": {...}}",
      "  {\"name\", \"version\", \"kind\": \"docker\", \"image\": \"repo/name:tag\",",
      "   \"imageArchive\": \"a docker save tar, relative to the manifest\", \"entrypoint\": []}"
    })
public final class AppAddCommand extends GridCommand {

  @Parameters(index = "0", paramLabel = "DIR|MANIFEST", description = "The app folder (holding xwapp.json), or a manifest file.")
  Path dir;

  @Option(names = "--json", description = "Print the registered app as JSON.")
  boolean json;

  @Override
  protected int run() throws IOException {
    requireToken();
    // read and check the manifest and its files before contacting the dispatcher
    AppManifest manifest = AppManifest.read(dir);
    manifest.resolveFiles(AppManifest.folderOf(dir));
    AppView app = client().registerAppFolder(dir);
    if (json) {
      printJson(app);
    } else {
      out().println("registered app " + app.name() + " " + app.version() + " (package "
          + app.archive().name() + ", " + org.xwgrid.client.internal.Views.size(app.archive().size())
          + ", sha256 " + app.archive().sha256() + ")");
    }
    return 0;
  }
}
