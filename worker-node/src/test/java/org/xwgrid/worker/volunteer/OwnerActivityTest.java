package org.xwgrid.worker.volunteer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerActivityTest {

  @TempDir Path dir;

  /** A load reading these busy ticks out of 100 per sample, none of them the worker's. */
  private static HostLoad scripted(long... busyPerSample) {
    ArrayDeque<String> texts = new ArrayDeque<>();
    long busy = 0;
    long total = 0;
    texts.add("cpu 0 0 0 0");
    for (long b : busyPerSample) {
      busy += b;
      total += 100;
      texts.add("cpu " + busy + " 0 0 " + (total - busy));
    }
    return HostLoad.create(texts::removeFirst, () -> 0, 100);
  }

  @Test
  void shouldSeeTheSimulatedOwnerWhileItsFileExists() throws IOException {
    Path file = dir.resolve("owner-is-here");
    SimulatedOwnerFile owner = new SimulatedOwnerFile(file);
    assertFalse(owner.active());
    Files.createFile(file);
    assertTrue(owner.active());
    Files.delete(file);
    assertFalse(owner.active());
    assertTrue(owner.toString().startsWith("simulated owner"), owner.toString());
  }

  @Test
  void shouldSeeTheOwnerWhenOtherProcessesLoadIsAboveTheThreshold() {
    HostLoadActivity a = new HostLoadActivity(scripted(10, 25, 26, 100, 0), 0.25);
    assertFalse(a.active());
    assertFalse(a.active(), "at the threshold is not above it");
    assertTrue(a.active());
    assertEquals(0.26, a.lastReading().others(), 1e-9);
    assertTrue(a.active());
    assertFalse(a.active());
  }

  @Test
  void shouldSeeTheOwnerWhenEitherSourceSaysSoAndAskBothEveryTime() {
    AtomicInteger asked = new AtomicInteger();
    ArrayDeque<Boolean> load = new ArrayDeque<>(List.of(true, false, false));
    OwnerActivity loadActivity = () -> {
      asked.incrementAndGet();
      return load.removeFirst();
    };
    ArrayDeque<Boolean> file = new ArrayDeque<>(List.of(true, true, false));
    OwnerActivity either = ((OwnerActivity) file::removeFirst).or(loadActivity);
    assertTrue(either.active());
    assertTrue(either.active());
    assertFalse(either.active());
    assertEquals(3, asked.get(), "the load is sampled even when the file already says active");
  }

  @Test
  void shouldIgnoreTheOwnerUnderPoliciesThatDoNotWatchIt() {
    assertFalse(OwnerActivity.fromSettings(VolunteerSettingsTest.settings("policy = always"), () -> 0).active());
    assertFalse(OwnerActivity.fromSettings(
        VolunteerSettingsTest.settings("policy = windows\nwindows = [daily]"), () -> 0).active());
    assertFalse(OwnerActivity.never().active());
  }

  @Test
  void shouldWatchOnlyTheSimulatedOwnerWhenTheThresholdIsOne() throws IOException {
    Path file = dir.resolve("owner");
    OwnerActivity a = OwnerActivity.fromSettings(
        VolunteerSettingsTest.settings("policy = idle\nidle.threshold = 1\nowner-activity-file = \"" + file + "\""), () -> 0);
    assertFalse(a.active());
    Files.createFile(file);
    assertTrue(a.active());
  }

  @Test
  void shouldWatchTheHostLoadUnderPolicyIdle() {
    assumeTrue(Files.isReadable(HostLoad.PROC_STAT), "Linux only");
    OwnerActivity a = OwnerActivity.fromSettings(VolunteerSettingsTest.settings("policy = idle\nidle.threshold = 1.0"), () -> 0);
    assertFalse(a.active());
    OwnerActivity b = OwnerActivity.fromSettings(VolunteerSettingsTest.settings("policy = idle"), () -> 0);
    b.active(); // reads /proc/stat without failing; the answer depends on the host
  }
}
