package org.xwgrid.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xwgrid.client.internal.JsonFiles;
import org.xwgrid.common.Names;
import org.xwgrid.common.Zips;
import org.xwgrid.common.api.ClientApi.AppRequest;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.Requirements;

/**
 * The {@code xwapp.json} manifest of an app folder: what {@code xw app add DIR} registers.
 *
 * <pre>{@code
 * {"name": "vanitygen", "version": "1.0.0", "kind": "native", "description": "...",
 *  "entrypoint": ["java", "-jar", "vanitygen.jar"],
 *  "files": {"vanitygen.jar": "target/vanitygen.jar"},
 *  "requirements": {"minCores": 1}}
 * }</pre>
 *
 * @param files the app package: entry name in the zip (a relative path with '/') to the file,
 *     relative to the app folder
 * @param requirements optional; null matches any worker
 */
public record AppManifest(
    String name,
    String version,
    String kind,
    String description,
    List<String> entrypoint,
    Map<String, String> files,
    Requirements requirements) {

  public static final String FILE_NAME = "xwapp.json";
  public static final String NATIVE = "native";

  /** Validates the fields; throws {@link IllegalArgumentException} with a one-line reason. */
  public AppManifest {
    Names.requireIdentifier("app name", name);
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("the app's version is missing");
    }
    if (kind == null) {
      kind = NATIVE;
    }
    if (!kind.equals(NATIVE)) {
      throw new IllegalArgumentException(
          "app kind '" + kind + "' is not supported here: an app folder holds a native app");
    }
    if (entrypoint == null || entrypoint.isEmpty() || entrypoint.stream().anyMatch(s -> s == null || s.isEmpty())) {
      throw new IllegalArgumentException("the entrypoint must be a non-empty list of non-empty strings");
    }
    entrypoint = List.copyOf(entrypoint);
    if (files == null || files.isEmpty()) {
      throw new IllegalArgumentException("'files' must list at least one file of the app package");
    }
    for (Map.Entry<String, String> e : files.entrySet()) {
      requireEntryName(e.getKey());
      if (e.getValue() == null || e.getValue().isBlank()) {
        throw new IllegalArgumentException("no path given for package entry '" + e.getKey() + "'");
      }
    }
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * Reads {@code appDir/xwapp.json} strictly (unknown fields are errors). Throws {@link
   * IllegalArgumentException} with a one-line reason if it is missing or invalid.
   */
  public static AppManifest read(Path appDir) throws IOException {
    Path file = appDir.resolve(FILE_NAME);
    if (!Files.isDirectory(appDir)) {
      throw new IllegalArgumentException(appDir + " is not a folder (an app folder holds " + FILE_NAME + ")");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " is missing: an app folder holds an " + FILE_NAME + " manifest");
    }
    try {
      return JsonFiles.read(file, AppManifest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonFiles.describe(file, e), e);
    }
  }

  /**
   * The package's entries resolved against {@code appDir}, in manifest order. Throws {@link
   * IllegalArgumentException} naming the first listed file that is missing, with a hint when it is
   * a Maven build output.
   */
  public Map<String, Path> resolveFiles(Path appDir) {
    Map<String, Path> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path p = appDir.resolve(e.getValue()).normalize();
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException(missingFileMessage(appDir, e.getValue(), p));
      }
      resolved.put(e.getKey(), p);
    }
    return resolved;
  }

  /** Zips the package deterministically (same files, same bytes) into {@code zip}. */
  public void zipPackage(Path appDir, Path zip) throws IOException {
    Zips.zipFiles(resolveFiles(appDir), zip);
  }

  /** The name under which the package zip is uploaded: {@code <name>-<version>.zip}. */
  public String archiveName() {
    String n = name + "-" + version + ".zip";
    return Names.isFileName(n) ? n : name + ".zip";
  }

  /** The registration request for this app, once its package is uploaded as {@code archive}. */
  public AppRequest toRequest(DataRef archive) {
    return new AppRequest(name, version, kind, archive, entrypoint, requirements, description);
  }

  private static String missingFileMessage(Path appDir, String listed, Path resolved) {
    String msg = resolved + " is missing";
    Path rel = Path.of(listed).normalize();
    boolean buildOutput = rel.getNameCount() > 1 && rel.getName(0).toString().equals("target");
    if (buildOutput && Files.isRegularFile(appDir.resolve("pom.xml"))) {
      Path module = appDir.normalize();
      String dir = module.toString().isEmpty() ? "." : module.toString();
      boolean plainModulePath = !module.isAbsolute() && !dir.equals(".") && !dir.startsWith("..");
      msg += plainModulePath
          ? ": build it with mvn -pl " + dir.replace('\\', '/') + " package"
          : ": build it with mvn -f " + module.resolve("pom.xml") + " package";
    }
    return msg;
  }

  private static void requireEntryName(String entry) {
    if (entry == null || entry.isEmpty() || entry.startsWith("/") || entry.contains("\\")) {
      throw new IllegalArgumentException(
          "package entry '" + entry + "' must be a relative path with '/' separators");
    }
    for (String part : entry.split("/", -1)) {
      if (!Names.isFileName(part)) {
        throw new IllegalArgumentException(
            "package entry '" + entry + "' must be made of plain file names (no '..', no empty parts)");
      }
    }
  }
}
