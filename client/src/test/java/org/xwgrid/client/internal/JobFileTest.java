package org.xwgrid.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFileTest {
  @TempDir Path dir;

  @Test
  void shouldReadTrustCategoryAndPrice() throws IOException {
    Path file = Files.writeString(dir.resolve("job.json"), """
        {"app": "vanitygen", "tasks": 16, "inputs": ["in/seed.txt"],
         "trust": 100, "category": "M", "price": 12}
        """);
    JobFile job = JobFile.read(file);
    assertEquals("vanitygen", job.app());
    assertEquals(16, job.tasks());
    assertEquals(100, job.trust());
    assertEquals("M", job.category());
    assertEquals(12L, job.price());
    assertEquals(List.of(dir.resolve("in/seed.txt")), job.inputPaths(file));
  }

  @Test
  void shouldLeaveTheTermsNullWhenAbsent() throws IOException {
    JobFile job = JobFile.read(Files.writeString(dir.resolve("job.json"), "{\"app\": \"pi\", \"tasks\": 1}"));
    assertNull(job.trust(), "not certified");
    assertNull(job.category());
    assertNull(job.price());
    assertNull(JobFile.EMPTY.trust());
  }

  @Test
  void shouldSayWhereATermIsNotANumber() throws IOException {
    Path file = Files.writeString(dir.resolve("job.json"), "{\"app\": \"pi\",\n \"trust\": \"high\"}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobFile.read(file));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("\"high\""), e.getMessage());
    assertTrue(e.getMessage().contains("(line 2, column"), e.getMessage());
  }
}
