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
 * An app's manifest: what {@code xw app add DIR|MANIFEST.json} registers. A native app (the
 * {@code xwapp.json} of its folder) lists the files its zip package holds:
 *
 * <pre>{@code
 * {"name": "vanitygen", "version": "1.0.0", "kind": "native", "description": "...",
 *  "entrypoint": ["java", "-jar", "vanitygen.jar"],
 *  "files": {"vanitygen.jar": "target/vanitygen.jar"},
 *  "requirements": {"minCores": 1}}
 * }</pre>
 *
 * A docker app names its image and the {@code docker save} archive that holds it (uploaded as
 * is; workers load it, there is no registry); an empty entrypoint lets the image's own take the
 * task's arguments:
 *
 * <pre>{@code
 * {"name": "cartoon-docker", "version": "1.0.0", "kind": "docker", "image": "xwgrid/cartoon:1.0.0",
 *  "imageArchive": "target/cartoon-image.tar", "entrypoint": []}
 * }</pre>
 *
 * @param files a native app's package: entry name in the zip (a relative path with '/') to the
 *     file, relative to the manifest's folder
 * @param requirements optional; null matches any worker
 * @param image a docker app's image, with its tag
 * @param imageArchive a docker app's {@code docker save} tar, relative to the manifest's folder
 */
public record AppManifest(
    String name,
    String version,
    String kind,
    String description,
    List<String> entrypoint,
    Map<String, String> files,
    Requirements requirements,
    String image,
    String imageArchive) {

  public static final String FILE_NAME = "xwapp.json";
  public static final String NATIVE = "native";
  public static final String DOCKER = "docker";

  /** Validates the fields; throws {@link IllegalArgumentException} with a one-line reason. */
  public AppManifest {
    Names.requireIdentifier("app name", name);
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("the app's version is missing");
    }
    if (kind == null) {
      kind = NATIVE;
    }
    if (kind.equals(DOCKER)) {
      checkDocker(image, imageArchive, files, entrypoint);
      entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
      files = Map.of();
    } else {
      checkNative(kind, image, imageArchive, files, entrypoint);
      entrypoint = List.copyOf(entrypoint);
      files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }
  }

  private static void checkDocker(String image, String imageArchive, Map<String, String> files, List<String> entrypoint) {
    if (image == null || image.isBlank() || !image.contains(":")) {
      throw new IllegalArgumentException("a docker app names its 'image' with a tag, such as xwgrid/cartoon:1.0.0");
    }
    if (imageArchive == null || imageArchive.isBlank()) {
      throw new IllegalArgumentException("a docker app names its 'imageArchive', a docker save tar of the image");
    }
    if (files != null && !files.isEmpty()) {
      throw new IllegalArgumentException("a docker app ships its image archive, not 'files'");
    }
    if (entrypoint != null && entrypoint.stream().anyMatch(s -> s == null || s.isEmpty())) {
      throw new IllegalArgumentException("the entrypoint must be a list of non-empty strings");
    }
  }

  private static void checkNative(
      String kind, String image, String imageArchive, Map<String, String> files, List<String> entrypoint) {
    if (!kind.equals(NATIVE)) {
      throw new IllegalArgumentException("app kind '" + kind + "' is not supported (native or docker)");
    }
    if (image != null || imageArchive != null) {
      throw new IllegalArgumentException("'image' and 'imageArchive' apply to docker apps only");
    }
    if (entrypoint == null || entrypoint.isEmpty() || entrypoint.stream().anyMatch(s -> s == null || s.isEmpty())) {
      throw new IllegalArgumentException("the entrypoint must be a non-empty list of non-empty strings");
    }
    if (files == null || files.isEmpty()) {
      throw new IllegalArgumentException("'files' must list at least one file of the app package");
    }
    for (Map.Entry<String, String> e : files.entrySet()) {
      requireEntryName(e.getKey());
      if (e.getValue() == null || e.getValue().isBlank()) {
        throw new IllegalArgumentException("no path given for package entry '" + e.getKey() + "'");
      }
    }
  }

  /** True for a docker app. */
  public boolean isDocker() {
    return DOCKER.equals(kind);
  }

  /** The folder a manifest's paths are relative to: {@code DIR} itself, or a manifest file's folder. */
  public static Path folderOf(Path dirOrManifest) {
    if (Files.isRegularFile(dirOrManifest)) {
      Path parent = dirOrManifest.toAbsolutePath().getParent();
      return parent == null ? Path.of(".") : parent;
    }
    return dirOrManifest;
  }

  /**
   * Reads {@code appDir/xwapp.json}, or the manifest file {@code appDir} names, strictly (unknown
   * fields are errors). Throws {@link IllegalArgumentException} with a one-line reason if it is
   * missing or invalid.
   */
  public static AppManifest read(Path appDir) throws IOException {
    Path file = Files.isRegularFile(appDir) ? appDir : appDir.resolve(FILE_NAME);
    if (!Files.isDirectory(appDir) && !Files.isRegularFile(appDir)) {
      throw new IllegalArgumentException(appDir + " is not a folder (an app folder holds " + FILE_NAME + ") nor a manifest file");
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
    if (isDocker()) {
      Path p = appDir.resolve(imageArchive).normalize();
      if (!Files.isRegularFile(p)) {
        String hint = Files.isRegularFile(appDir.resolve("build-image.sh")) ? ": build it with " + appDir.resolve("build-image.sh") : "";
        throw new IllegalArgumentException(p + " is missing" + hint);
      }
      resolved.put(archiveName(), p);
      return resolved;
    }
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

  /** The name under which the package is uploaded: {@code <name>-<version>.zip}, or {@code .tar} for a docker app. */
  public String archiveName() {
    String ext = isDocker() ? ".tar" : ".zip";
    String n = name + "-" + version + ext;
    return Names.isFileName(n) ? n : name + ext;
  }

  /** The registration request for this app, once its package is uploaded as {@code archive}. */
  public AppRequest toRequest(DataRef archive) {
    return new AppRequest(name, version, kind, archive, entrypoint, requirements, description, image);
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
