package org.xwgrid.oracle.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed compiled contracts ({@code src/main/resources/contracts}) and web3j wrappers
 * ({@code src/main/java/org/xwgrid/oracle/contracts}) are exactly what this build just made from
 * the Solidity sources with the pinned compiler and codegen (into
 * {@code target/generated-contracts}, see the pom). If this fails, the sources changed without
 * the artefacts: run {@code mvn -pl oracle generate-sources -Pupdate-contracts} and commit.
 */
class ContractArtefactsTest {
  private static final String HINT =
      " is stale: run `mvn -pl oracle generate-sources -Pupdate-contracts` and commit the result";

  @Test
  void shouldHaveCommittedWhatTheBuildGenerates() throws IOException {
    assumeFalse(Boolean.getBoolean("xwgrid.contracts.skip"), "contract generation skipped (-Dcontracts.skip)");
    Path generated = Path.of(System.getProperty("xwgrid.contracts.generated", "target/generated-contracts"));
    Path committed = Path.of(System.getProperty("xwgrid.contracts.committed", "src/main"));
    assertTrue(Files.isDirectory(generated.resolve("resources/contracts")),
        "the build did not generate " + generated + " (does `mvn verify` run the exec plugin?)");
    List<String> stale = new ArrayList<>();
    compare(generated.resolve("resources/contracts"), committed.resolve("resources/contracts"), stale);
    compare(generated.resolve("java/org/xwgrid/oracle/contracts"), committed.resolve("java/org/xwgrid/oracle/contracts"),
        stale);
    assertEquals(List.of(), stale, "each of these" + HINT);
  }

  /** Adds to {@code stale} every file missing, extra or different in {@code committed}. */
  private static void compare(Path generated, Path committed, List<String> stale) throws IOException {
    TreeSet<String> made = names(generated);
    TreeSet<String> kept = names(committed);
    assertFalse(made.isEmpty(), "nothing generated in " + generated);
    TreeSet<String> all = new TreeSet<>(made);
    all.addAll(kept);
    for (String name : all) {
      if (!made.contains(name) || !kept.contains(name)
          || Files.mismatch(generated.resolve(name), committed.resolve(name)) != -1) {
        stale.add(committed.resolve(name).toString());
      }
    }
  }

  private static TreeSet<String> names(Path dir) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(Files::isRegularFile).forEach(f -> names.add(f.getFileName().toString()));
      }
    }
    return names;
  }
}
