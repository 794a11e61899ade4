package org.xwgrid.worker.volunteer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeWindowsTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  // 2024-01-01 is a Monday: 01 Mon, 02 Tue, ..., 05 Fri, 06 Sat, 07 Sun, 08 Mon.
  private static ZonedDateTime at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(UTC);
  }

  private static TimeWindows windows(String... specs) {
    return TimeWindows.parse(List.of(specs), UTC);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2024-01-01T18:59:59, false",
    "2024-01-01T19:00:00, true",
    "2024-01-02T06:59:59, true",
    "2024-01-02T07:00:00, false",
    "2024-01-02T12:00:00, false",
    "2024-01-01T00:30:00, false", // Monday early morning belongs to Sunday night: not a window
    "2024-01-05T23:00:00, true",
    "2024-01-06T06:59:59, true", // Friday night runs into Saturday
    "2024-01-06T07:00:00, false",
    "2024-01-06T20:00:00, false",
    "2024-01-07T23:00:00, false",
    "2024-01-08T00:30:00, false",
  })
  void shouldContainAWeekdayEveningWindowUntilTheNextMorningWhenItCrossesMidnight(String t, boolean in) {
    assertEquals(in, windows("Mon-Fri 19:00-07:00").contains(at(t)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2024-01-05T23:59:59, false",
    "2024-01-06T00:00:00, true",
    "2024-01-06T12:00:00, true",
    "2024-01-07T23:59:59, true",
    "2024-01-08T00:00:00, false",
  })
  void shouldContainWholeDaysWhenNoTimeIsGiven(String t, boolean in) {
    assertEquals(in, windows("Sat-Sun").contains(at(t)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2024-01-03T21:59:00, false",
    "2024-01-03T22:00:00, true",
    "2024-01-04T05:59:00, true",
    "2024-01-04T06:00:00, false",
    "2024-01-07T23:00:00, true",
    "2024-01-08T01:00:00, true",
  })
  void shouldRepeatADailyWindowEveryDayWithOrWithoutTheWordDaily(String t, boolean in) {
    assertEquals(in, windows("daily 22:00-06:00").contains(at(t)));
    assertEquals(in, windows("22:00-06:00").contains(at(t)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2024-01-01T10:00:00, true", // Mon
    "2024-01-02T10:00:00, false", // Tue
    "2024-01-04T10:00:00, false", // Thu
    "2024-01-05T00:00:00, true", // Fri
    "2024-01-07T10:00:00, true", // Sun
  })
  void shouldWrapADayRangeAroundTheEndOfTheWeek(String t, boolean in) {
    assertEquals(in, windows("Fri-Mon").contains(at(t)));
  }

  @Test
  void shouldReadListsFullNamesAnyCaseAndMidnightAs2400() {
    TimeWindows list = windows("Mon,wed 12:00-14:00");
    assertTrue(list.contains(at("2024-01-01T12:00:00")));
    assertFalse(list.contains(at("2024-01-02T12:00:00")));
    assertTrue(list.contains(at("2024-01-03T13:59:59")));
    assertFalse(list.contains(at("2024-01-03T14:00:00")));

    TimeWindows lateMonday = windows("MONDAY 18:00-24:00");
    assertTrue(lateMonday.contains(at("2024-01-01T23:59:59.999")));
    assertFalse(lateMonday.contains(at("2024-01-02T00:00:00")));

    TimeWindows oneDigitHour = windows("sat-SUN 7:30-9:00");
    assertTrue(oneDigitHour.contains(at("2024-01-07T08:00:00")));
  }

  @Test
  void shouldBeTheUnionOfSeveralWindows() {
    TimeWindows w = windows("Mon-Fri 19:00-07:00", "Sat-Sun");
    assertTrue(w.contains(at("2024-01-01T20:00:00")));
    assertTrue(w.contains(at("2024-01-06T12:00:00")));
    assertTrue(w.contains(at("2024-01-07T23:00:00")));
    assertFalse(w.contains(at("2024-01-08T00:30:00")));
    assertFalse(w.contains(at("2024-01-03T12:00:00")));
    assertEquals("Mon-Fri 19:00-07:00, Sat-Sun", w.toString());
  }

  @Test
  void shouldContainNothingWhenEmpty() {
    TimeWindows none = TimeWindows.parse(List.of(), UTC);
    assertTrue(none.isEmpty());
    assertFalse(none.contains(at("2024-01-01T12:00:00")));
    assertEquals(Optional.empty(), none.nextChange(at("2024-01-01T12:00:00")));
    assertTrue(TimeWindows.none(UTC).isEmpty());
  }

  @Test
  void shouldReadTheWindowsOnTheWallClockOfTheirZone() {
    TimeWindows paris = TimeWindows.parse(List.of("Mon-Fri 19:00-07:00"), PARIS);
    // 18:30 UTC is 19:30 in Paris in winter.
    assertTrue(paris.contains(at("2024-01-01T18:30:00")));
    assertTrue(paris.contains(at("2024-01-01T18:30:00").toInstant()));
    assertFalse(paris.contains(at("2024-01-01T17:30:00")));
  }

  @Test
  void shouldFollowTheWallClockAcrossDaylightSavingChanges() {
    TimeWindows w = TimeWindows.parse(List.of("daily 01:00-04:00"), PARIS);
    // 2024-03-31: 02:00 becomes 03:00, the window lasts two hours.
    ZonedDateTime springStart = ZonedDateTime.of(LocalDateTime.parse("2024-03-31T01:00:00"), PARIS);
    ZonedDateTime springEnd = w.nextChange(springStart).orElseThrow();
    assertEquals(LocalDateTime.parse("2024-03-31T04:00:00"), springEnd.toLocalDateTime());
    assertEquals(Duration.ofHours(2), Duration.between(springStart, springEnd));
    // 2024-10-27: 03:00 becomes 02:00 again, the window lasts four hours.
    ZonedDateTime fallStart = ZonedDateTime.of(LocalDateTime.parse("2024-10-27T01:00:00"), PARIS);
    ZonedDateTime fallEnd = w.nextChange(fallStart).orElseThrow();
    assertEquals(Duration.ofHours(4), Duration.between(fallStart, fallEnd));
    assertTrue(w.contains(fallStart.plusHours(3).plusMinutes(59)));
  }

  @Test
  void shouldSkipAWindowLyingInTheHourThatDaylightSavingSkips() {
    TimeWindows w = TimeWindows.parse(List.of("daily 02:00-02:30"), PARIS);
    ZonedDateTime before = ZonedDateTime.of(LocalDateTime.parse("2024-03-31T01:00:00"), PARIS);
    assertFalse(w.contains(before.plusHours(1))); // 03:00 summer time
    assertEquals(
        ZonedDateTime.of(LocalDateTime.parse("2024-04-01T02:00:00"), PARIS), w.nextChange(before).orElseThrow());
  }

  @ParameterizedTest(name = "from {0}")
  @CsvSource({
    "2024-01-01T12:00:00, 2024-01-01T19:00:00",
    "2024-01-01T19:00:00, 2024-01-02T07:00:00", // at the start: the next change is the end
    "2024-01-01T20:00:00, 2024-01-02T07:00:00",
    "2024-01-05T20:00:00, 2024-01-06T07:00:00",
    "2024-01-06T08:00:00, 2024-01-08T19:00:00",
    "2024-01-07T23:00:00, 2024-01-08T19:00:00",
  })
  void shouldTellTheNextChange(String from, String next) {
    assertEquals(Optional.of(at(next)), windows("Mon-Fri 19:00-07:00").nextChange(at(from)));
  }

  @Test
  void shouldSkipBoundariesThatChangeNothing() {
    TimeWindows adjacent = windows("Mon 00:00-12:00", "Mon 12:00-18:00");
    assertEquals(Optional.of(at("2024-01-01T18:00:00")), adjacent.nextChange(at("2024-01-01T06:00:00")));
    TimeWindows overlapping = windows("Sat-Sun", "Fri 20:00-02:00");
    assertEquals(Optional.of(at("2024-01-08T00:00:00")), overlapping.nextChange(at("2024-01-05T21:00:00")));
  }

  @Test
  void shouldNeverChangeWhenTheWholeWeekIsCovered() {
    assertEquals(Optional.empty(), windows("daily").nextChange(at("2024-01-01T12:00:00")));
    assertEquals(Optional.empty(), windows("Mon-Sun").nextChange(at("2024-01-01T12:00:00")));
    assertEquals(Optional.empty(), windows("Tue-Mon").nextChange(at("2024-01-01T12:00:00")));
    assertTrue(windows("Tue-Mon").contains(at("2024-01-03T03:00:00")));
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Mon-Fry 19:00-07:00 | unknown day 'Fry'",
        "Mon--Fri | more than one '-'",
        "Mon,,Fri | unknown day ''",
        "Mon-Fri 25:00-07:00 | time '25:00' is not HH:MM",
        "Mon-Fri 19:00-7:5 | time '7:5' is not HH:MM",
        "Mon 24:00-06:00 | time '24:00' is not HH:MM",
        "Mon-Fri 19:00 | time range '19:00' is not HH:MM-HH:MM",
        "Mon 19:00-19:00 | is empty",
        "Mon Tue Wed | expected days",
        "'' | empty",
      })
  void shouldRejectBadWindowsNamingThemAndWhatIsWrong(String spec, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TimeWindows.parse(List.of("daily", spec), UTC));
    assertTrue(e.getMessage().startsWith("window '" + spec.strip() + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
