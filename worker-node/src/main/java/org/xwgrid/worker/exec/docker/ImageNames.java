package org.xwgrid.worker.exec.docker;

import java.util.List;

/**
 * Whether an image the engine found for a reference is that very image: the engine resolves a
 * reference loosely (an id prefix, {@code busybox} for {@code busybox:latest}), and a task must
 * run the image it names.
 */
final class ImageNames {
  private ImageNames() {}

  /** True if {@code ref} is {@code id} (or {@code sha256:} + it), or one of {@code repoTags} once both are normalised. */
  static boolean matches(String ref, String id, List<String> repoTags) {
    if (id != null && (ref.equals(id) || ("sha256:" + ref).equals(id))) {
      return true;
    }
    if (repoTags == null) {
      return false;
    }
    String want = normalise(ref);
    for (String tag : repoTags) {
      if (normalise(tag).equals(want)) {
        return true;
      }
    }
    return false;
  }

  /** Drops Docker Hub's implicit {@code docker.io/} and {@code library/}, adds an implicit {@code :latest}. */
  static String normalise(String ref) {
    String r = ref;
    if (r.startsWith("docker.io/")) {
      r = r.substring("docker.io/".length());
    }
    if (r.startsWith("library/")) {
      r = r.substring("library/".length());
    }
    int slash = r.lastIndexOf('/');
    if (r.indexOf('@') < 0 && r.indexOf(':', slash + 1) < 0) {
      r = r + ":latest";
    }
    return r;
  }
}
