package org.xwgrid.worker.volunteer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolunteerSettingsTest {

  /** The settings of the reference.conf overridden by {@code hocon} (keys relative to the volunteer block). */
  static VolunteerSettings settings(String hocon) {
    return VolunteerSettings.fromConfig(
        ConfigFactory.parseString(hocon)
            .atPath(VolunteerSettings.PATH)
            .withFallback(ConfigFactory.defaultReference())
            .resolve());
  }

  @Test
  void shouldReadEveryKeyOfItsReferenceConfBlock() {
    Set<String> defined = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : ConfigFactory.defaultReference().getConfig(VolunteerSettings.PATH).entrySet()) {
      defined.add("volunteer." + e.getKey());
    }
    assertEquals(defined, VolunteerSettings.keysRead(ConfigFactory.defaultReference()));
  }

  @Test
  void shouldLendTheHostAllTheTimeAtFullPowerByDefault() {
    VolunteerSettings s = settings("");
    assertEquals(Policy.ALWAYS, s.policy());
    assertEquals(0.25, s.idleThreshold());
    assertEquals(Duration.ofMinutes(2), s.idlePeriod());
    assertTrue(s.windows().isEmpty());
    assertEquals(ZoneId.systemDefault(), s.timeZone());
    assertEquals(1.0, s.maxCpuShare());
    assertEquals(Duration.ofMinutes(5), s.grace());
    assertEquals(Duration.ofSeconds(1), s.sampleInterval());
    assertNull(s.simulatedOwnerFile());
  }

  @Test
  void shouldReadEveryValue() {
    VolunteerSettings s = settings(String.join("\n",
        "policy = Idle-And-Windows",
        "idle { threshold = 0.4, period = 30s }",
        "windows = [\"Mon-Fri 19:00-07:00\", \"Sat-Sun\"]",
        "time-zone = Europe/Paris",
        "max-cpu-share = 0.5",
        "grace = 10m",
        "sample-interval = 500ms",
        "owner-activity-file = \"owner-is-here\""));
    assertEquals(Policy.IDLE_AND_WINDOWS, s.policy());
    assertEquals(0.4, s.idleThreshold());
    assertEquals(Duration.ofSeconds(30), s.idlePeriod());
    assertEquals(List.of("Mon-Fri 19:00-07:00", "Sat-Sun"), s.windows().specs());
    assertEquals(ZoneId.of("Europe/Paris"), s.timeZone());
    assertEquals(0.5, s.maxCpuShare());
    assertEquals(Duration.ofMinutes(10), s.grace());
    assertEquals(Duration.ofMillis(500), s.sampleInterval());
    assertEquals(Path.of("owner-is-here"), s.simulatedOwnerFile());
  }

  @Test
  void shouldAcceptTheEdgesOfTheRanges() {
    VolunteerSettings s = settings("policy = idle\nidle { threshold = 1, period = 0s }\nmax-cpu-share = 1\ngrace = 0s");
    assertEquals(1.0, s.idleThreshold());
    assertEquals(Duration.ZERO, s.grace());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "policy = sometimes | xwgrid.worker.volunteer.policy: unknown policy 'sometimes' (expected always, idle, windows, idle-and-windows)",
        "idle.threshold = 0 | xwgrid.worker.volunteer.idle.threshold must be a share of the host's cores, 0 < threshold <= 1 (e.g. 0.25), was 0.0",
        "idle.threshold = 1.5 | xwgrid.worker.volunteer.idle.threshold must be",
        "idle.threshold = lots | xwgrid.worker.volunteer.idle.threshold: ",
        "idle.period = -1s | xwgrid.worker.volunteer.idle.period must not be negative, was PT-1S",
        "idle.period = soon | xwgrid.worker.volunteer.idle.period: ",
        "max-cpu-share = 0 | xwgrid.worker.volunteer.max-cpu-share must be a share of the host's cores, 0 < share <= 1",
        "max-cpu-share = 1.2 | xwgrid.worker.volunteer.max-cpu-share must be",
        "grace = -5m | xwgrid.worker.volunteer.grace must not be negative",
        "sample-interval = 0s | xwgrid.worker.volunteer.sample-interval must be positive",
        "time-zone = Mars/Olympus | xwgrid.worker.volunteer.time-zone: unknown time zone 'Mars/Olympus'",
        "policy = windows | xwgrid.worker.volunteer.windows must not be empty under policy windows",
        "policy = windows\\nwindows = [\"Mon-Fry\"] | xwgrid.worker.volunteer.windows: window 'Mon-Fry': unknown day 'Fry'",
        "policy = windows\\nwindows = Sat | xwgrid.worker.volunteer.windows: ",
        "policy = idle\\nwindows = [\"Sat-Sun\"] | xwgrid.worker.volunteer.windows [Sat-Sun] are set but policy idle ignores them",
        "owner-activity-file = here | xwgrid.worker.volunteer.owner-activity-file is set but policy always ignores the owner",
        "policy = windows\\nwindows = [daily]\\nowner-activity-file = here | but policy windows ignores the owner",
      })
  void shouldRejectBadValuesNamingTheKeyAndTheProblem(String hocon, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> settings(hocon.replace("\\n", "\n")));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void shouldApplyOverridesCheckedLikeTheOriginal() {
    VolunteerSettings s = settings("").withPolicy(Policy.IDLE).withSimulatedOwnerFile(Path.of("owner"));
    assertEquals(Policy.IDLE, s.policy());
    assertEquals(Path.of("owner"), s.simulatedOwnerFile());
    assertThrows(IllegalArgumentException.class, () -> s.withPolicy(Policy.ALWAYS));
    assertEquals(Policy.ALWAYS, s.withSimulatedOwnerFile(null).withPolicy(Policy.ALWAYS).policy());
  }
}
