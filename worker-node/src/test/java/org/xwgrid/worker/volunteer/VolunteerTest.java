package org.xwgrid.worker.volunteer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xwgrid.worker.volunteer.Volunteer.Action;
import org.xwgrid.worker.volunteer.Volunteer.Decision;
import org.xwgrid.worker.volunteer.Volunteer.Sample;
import org.xwgrid.worker.volunteer.Volunteer.State;

class VolunteerTest {

  private static final Instant T0 = Instant.parse("2024-01-01T12:00:00Z");
  private static final Duration IDLE = Duration.ofMinutes(2);
  private static final Duration GRACE = Duration.ofMinutes(5);
  private static final String WINDOWS = "Mon-Fri 19:00-07:00";

  private static final Decision ACTIVE = new Decision(State.ACTIVE, true, Action.NONE);
  private static final Decision WAITING = new Decision(State.WAITING, false, Action.NONE);
  private static final Decision PAUSED = new Decision(State.PAUSED, false, Action.NONE);

  private static Volunteer volunteer(Policy policy) {
    return Volunteer.create(policy, IDLE, GRACE, WINDOWS);
  }

  /** A sample {@code s} seconds after T0. */
  private static Sample at(long s, boolean ownerActive, boolean inWindow, boolean hasTasks) {
    return new Sample(T0.plusSeconds(s), ownerActive, inWindow, hasTasks);
  }

  private static Sample owner(long s, boolean active, boolean hasTasks) {
    return at(s, active, true, hasTasks);
  }

  private static Sample window(long s, boolean in, boolean hasTasks) {
    return at(s, false, in, hasTasks);
  }

  /** An idle-policy volunteer made ACTIVE at 120 s (idle since 0), holding tasks. */
  private static Volunteer activeIdleVolunteer() {
    Volunteer v = volunteer(Policy.IDLE);
    v.apply(owner(0, false, false));
    assertEquals(ACTIVE, v.apply(owner(120, false, false)));
    return v;
  }

  /** {@link #activeIdleVolunteer()} paused by its owner at 200 s. */
  private static Volunteer pausedIdleVolunteer() {
    Volunteer v = activeIdleVolunteer();
    assertEquals(new Decision(State.PAUSED, false, Action.PAUSE_TASKS), v.apply(owner(200, true, true)));
    return v;
  }

  // ---- policy always --------------------------------------------------------------------------

  @Test
  void shouldAlwaysBeActiveUnderPolicyAlwaysWhateverTheSamples() {
    Volunteer v = volunteer(Policy.ALWAYS);
    assertEquals(ACTIVE, v.decision());
    assertEquals("active", v.describe());
    for (int i = 0; i < 16; i++) {
      assertEquals(ACTIVE, v.apply(at(i * 600L, (i & 1) != 0, (i & 2) != 0, (i & 4) != 0)));
    }
    assertEquals("active", v.describe());
  }

  // ---- policy idle ----------------------------------------------------------------------------

  @Test
  void shouldWaitForTheIdlePeriodBeforeTakingWork() {
    Volunteer v = volunteer(Policy.IDLE);
    assertEquals(WAITING, v.decision());
    assertEquals("waiting (not sampled yet)", v.describe());
    assertEquals(WAITING, v.apply(owner(0, false, false)));
    assertEquals("waiting (idle 0s of 2m)", v.describe());
    assertEquals(WAITING, v.apply(owner(119, false, false)));
    assertEquals("waiting (idle 1m59s of 2m)", v.describe());
    assertEquals(ACTIVE, v.apply(owner(120, false, false)));
    assertEquals("active", v.describe());
  }

  @Test
  void shouldRestartTheIdlePeriodWhenTheOwnerComesBackBeforeItEnds() {
    Volunteer v = volunteer(Policy.IDLE);
    v.apply(owner(0, false, false));
    assertEquals(WAITING, v.apply(owner(60, true, false)));
    assertEquals("waiting (owner active)", v.describe());
    v.apply(owner(61, false, false));
    assertEquals(WAITING, v.apply(owner(180, false, false)));
    assertEquals(ACTIVE, v.apply(owner(181, false, false)));
  }

  @Test
  void shouldPauseAtOnceWhenTheOwnerComesBackWhileTasksRun() {
    Volunteer v = pausedIdleVolunteer();
    assertEquals("paused 0s (owner active)", v.describe());
    assertEquals(PAUSED, v.apply(owner(240, true, true)));
    assertEquals("paused 40s (owner active)", v.describe());
    assertEquals(State.PAUSED, v.state());
  }

  @Test
  void shouldWaitWithoutPausingWhenTheOwnerComesBackWhileNoTaskIsHeld() {
    Volunteer v = activeIdleVolunteer();
    assertEquals(WAITING, v.apply(owner(200, true, false)));
    assertEquals("waiting (owner active)", v.describe());
  }

  @Test
  void shouldStayActiveWhileTheOwnerStaysAway() {
    Volunteer v = activeIdleVolunteer();
    for (long s = 121; s < 3600; s += 1) {
      assertEquals(ACTIVE, v.apply(owner(s, false, true)));
    }
  }

  @Test
  void shouldResumeOnceTheOwnerHasBeenInactiveForTheIdlePeriod() {
    Volunteer v = pausedIdleVolunteer();
    assertEquals(PAUSED, v.apply(owner(210, false, true)));
    assertEquals(PAUSED, v.apply(owner(329, false, true)));
    assertEquals("paused 2m09s (idle 1m59s of 2m)", v.describe());
    assertEquals(new Decision(State.ACTIVE, true, Action.RESUME_TASKS), v.apply(owner(330, false, true)));
    assertEquals(ACTIVE, v.apply(owner(331, false, true)));
  }

  @Test
  void shouldWithdrawExactlyOnceWhenPausedForTheGrace() {
    Volunteer v = pausedIdleVolunteer(); // paused at 200 s, grace 5 min
    for (long s = 201; s < 500; s++) {
      assertEquals(PAUSED, v.apply(owner(s, true, true)), "at " + s);
    }
    assertEquals("paused 4m59s (owner active)", v.describe());
    assertEquals(new Decision(State.WAITING, false, Action.WITHDRAW_TASKS), v.apply(owner(500, true, true)));
    assertEquals("waiting (owner active)", v.describe());
    int withdrawals = 0;
    // The tasks may still be held while the worker hands them back: no second withdrawal.
    for (long s = 501; s < 4000; s++) {
      Decision d = v.apply(owner(s, true, s < 510));
      assertEquals(State.WAITING, d.state());
      withdrawals += d.action() == Action.WITHDRAW_TASKS ? 1 : 0;
    }
    assertEquals(0, withdrawals);
  }

  @Test
  void shouldTakeWorkAgainWithoutResumingOnceIdleAfterAWithdrawal() {
    Volunteer v = pausedIdleVolunteer();
    assertEquals(Action.WITHDRAW_TASKS, v.apply(owner(500, true, true)).action());
    assertEquals(WAITING, v.apply(owner(600, false, false)));
    assertEquals(ACTIVE, v.apply(owner(720, false, false)));
  }

  @Test
  void shouldResumeRatherThanWithdrawWhenBothAreDueAtTheSameSample() {
    Volunteer v = pausedIdleVolunteer();
    v.apply(owner(201, false, true));
    // No sample for ten minutes (a suspended laptop): idle long enough and past the grace.
    assertEquals(Action.RESUME_TASKS, v.apply(owner(801, false, true)).action());
  }

  @Test
  void shouldWaitWhenThePausedTasksAreGone() {
    Volunteer v = pausedIdleVolunteer();
    assertEquals(WAITING, v.apply(owner(230, true, false)));
    assertEquals(WAITING, v.apply(owner(600, true, false)));
  }

  @Test
  void shouldWithdrawAtTheNextSampleWhenTheGraceIsZero() {
    Volunteer v = Volunteer.create(Policy.IDLE, Duration.ZERO, Duration.ZERO, "");
    assertEquals(ACTIVE, v.apply(owner(0, false, true)));
    assertEquals(Action.PAUSE_TASKS, v.apply(owner(1, true, true)).action());
    assertEquals(Action.WITHDRAW_TASKS, v.apply(owner(2, true, true)).action());
  }

  @Test
  void shouldTreatASampleFromThePastAsTakenAtTheLatestTime() {
    Volunteer v = pausedIdleVolunteer();
    assertEquals(PAUSED, v.apply(owner(100, true, true)));
    assertEquals("paused 0s (owner active)", v.describe());
    assertEquals(Action.WITHDRAW_TASKS, v.apply(owner(500, true, true)).action());
  }

  // ---- policy windows -------------------------------------------------------------------------

  @Test
  void shouldComputeOnlyInsideTheWindowsIgnoringTheOwner() {
    Volunteer v = volunteer(Policy.WINDOWS);
    assertEquals(WAITING, v.apply(window(0, false, false)));
    assertEquals("waiting (outside Mon-Fri 19:00-07:00)", v.describe());
    assertEquals(ACTIVE, v.apply(at(1, true, true, false)), "at once, and the owner does not count");
    assertEquals(ACTIVE, v.apply(at(2, true, true, true)));
  }

  @Test
  void shouldPauseWhenTheWindowClosesAndResumeAtOnceWhenItReopens() {
    Volunteer v = volunteer(Policy.WINDOWS);
    v.apply(window(0, true, true));
    assertEquals(new Decision(State.PAUSED, false, Action.PAUSE_TASKS), v.apply(window(10, false, true)));
    assertEquals(PAUSED, v.apply(window(70, false, true)));
    assertEquals("paused 1m (outside Mon-Fri 19:00-07:00)", v.describe());
    assertEquals(new Decision(State.ACTIVE, true, Action.RESUME_TASKS), v.apply(window(71, true, true)));
  }

  @Test
  void shouldWithdrawWhenTheWindowStaysClosedForTheGrace() {
    Volunteer v = volunteer(Policy.WINDOWS);
    v.apply(window(0, true, true));
    v.apply(window(10, false, true));
    assertEquals(PAUSED, v.apply(window(309, false, true)));
    assertEquals(new Decision(State.WAITING, false, Action.WITHDRAW_TASKS), v.apply(window(310, false, true)));
    assertEquals(WAITING, v.apply(window(311, false, true)));
    assertEquals(ACTIVE, v.apply(window(400, true, false)));
  }

  // ---- policy idle-and-windows ----------------------------------------------------------------

  @Test
  void shouldNeedBothTheWindowAndAnIdleOwnerUnderIdleAndWindows() {
    Volunteer v = volunteer(Policy.IDLE_AND_WINDOWS);
    assertEquals(WAITING, v.apply(at(0, true, true, false)));
    assertEquals("waiting (owner active)", v.describe());
    assertEquals(WAITING, v.apply(at(1, false, false, false)));
    assertEquals("waiting (outside Mon-Fri 19:00-07:00)", v.describe(), "the window is said first");
    assertEquals(WAITING, v.apply(at(100, false, true, false)));
    assertEquals("waiting (idle 1m39s of 2m)", v.describe());
    assertEquals(ACTIVE, v.apply(at(121, false, true, false)));
  }

  @Test
  void shouldCountTheIdlePeriodOutsideTheWindowToo() {
    Volunteer v = volunteer(Policy.IDLE_AND_WINDOWS);
    v.apply(at(0, false, false, false));
    assertEquals(WAITING, v.apply(at(3600, false, false, false)));
    assertEquals(ACTIVE, v.apply(at(3601, false, true, false)), "idle for an hour: at once when the window opens");
  }

  @Test
  void shouldPauseForEitherCauseAndTellTheCurrentOne() {
    Volunteer v = volunteer(Policy.IDLE_AND_WINDOWS);
    v.apply(at(0, false, true, false));
    v.apply(at(120, false, true, true));
    assertEquals(Action.PAUSE_TASKS, v.apply(at(130, true, true, true)).action());
    assertEquals(PAUSED, v.apply(at(140, true, false, true)));
    assertEquals("paused 10s (outside Mon-Fri 19:00-07:00)", v.describe());
    assertEquals(PAUSED, v.apply(at(150, false, true, true)));
    assertEquals("paused 20s (idle 0s of 2m)", v.describe());
    assertEquals(Action.WITHDRAW_TASKS, v.apply(at(430, false, false, true)).action());

    Volunteer w = volunteer(Policy.IDLE_AND_WINDOWS);
    w.apply(at(0, false, true, false));
    w.apply(at(120, false, true, true));
    assertEquals(Action.PAUSE_TASKS, w.apply(at(130, false, false, true)).action(), "the window closing pauses too");
  }

  // ---- invariants over random runs ------------------------------------------------------------

  @Test
  void shouldKeepItsInvariantsOverRandomRuns() {
    Random random = new Random(42);
    for (Policy policy : Policy.values()) {
      for (int run = 0; run < 300; run++) {
        Volunteer v = volunteer(policy);
        long t = 0;
        State before = v.state();
        Instant pausedAt = null;
        int withdrawalsThisPause = 0;
        for (int step = 0; step < 200; step++) {
          t += random.nextInt(4) == 0 ? random.nextInt(400) : 1 + random.nextInt(5);
          Sample s = at(t, random.nextInt(5) == 0, random.nextInt(6) != 0, random.nextBoolean());
          Decision d = v.apply(s);
          String where = policy + " run " + run + " step " + step + " " + s + " from " + before + " -> " + d;
          assertEquals(d.state() == State.ACTIVE, d.mayTakeWork(), where);
          assertEquals(d.state(), v.state(), where);
          switch (d.action()) {
            case PAUSE_TASKS:
              assertTrue(before == State.ACTIVE && d.state() == State.PAUSED && s.hasTasks(), where);
              pausedAt = s.now();
              withdrawalsThisPause = 0;
              break;
            case RESUME_TASKS:
              assertTrue(before == State.PAUSED && d.state() == State.ACTIVE, where);
              break;
            case WITHDRAW_TASKS:
              assertTrue(before == State.PAUSED && d.state() == State.WAITING, where);
              assertFalse(s.now().isBefore(pausedAt.plus(GRACE)), where);
              assertEquals(0, withdrawalsThisPause++, where);
              break;
            default:
              assertTrue(d.state() != State.PAUSED || before == State.PAUSED, "PAUSED only with PAUSE_TASKS: " + where);
          }
          if (d.state() == State.PAUSED) {
            assertTrue(s.now().isBefore(pausedAt.plus(GRACE)), "never paused past the grace: " + where);
          }
          if (policy == Policy.ALWAYS) {
            assertEquals(ACTIVE, d, where);
          }
          if (policy.usesWindows() && !s.inWindow() || policy.watchesOwner() && s.ownerActive()) {
            assertFalse(d.mayTakeWork(), where);
          }
          before = d.state();
        }
      }
    }
  }

  // ---- odds and ends --------------------------------------------------------------------------

  @Test
  void shouldBeCreatedFromTheSettings() {
    VolunteerSettings s = VolunteerSettingsTest.settings("policy = windows\nwindows = [\"Sat-Sun\"]");
    Volunteer v = Volunteer.create(s);
    v.apply(window(0, false, false));
    assertEquals("waiting (outside Sat-Sun)", v.describe());
    assertTrue(v.toString().contains("windows"), v.toString());
  }

  @Test
  void shouldRejectNegativeDurations() {
    assertThrows(IllegalArgumentException.class, () -> Volunteer.create(Policy.IDLE, Duration.ofSeconds(-1), GRACE, ""));
    assertThrows(IllegalArgumentException.class, () -> Volunteer.create(Policy.IDLE, IDLE, Duration.ofSeconds(-1), ""));
  }

  @Test
  void shouldWriteDurationsShortly() {
    assertEquals("0s", Volunteer.text(Duration.ZERO));
    assertEquals("59s", Volunteer.text(Duration.ofMillis(59_999)));
    assertEquals("1m", Volunteer.text(Duration.ofSeconds(60)));
    assertEquals("2m05s", Volunteer.text(Duration.ofSeconds(125)));
    assertEquals("1h", Volunteer.text(Duration.ofHours(1)));
    assertEquals("1h02m", Volunteer.text(Duration.ofSeconds(3725)));
    assertEquals("26h", Volunteer.text(Duration.ofHours(26)));
  }
}
