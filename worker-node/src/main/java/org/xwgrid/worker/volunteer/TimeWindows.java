package org.xwgrid.worker.volunteer;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Weekly time windows in one time zone, during which a volunteer lends its host. Each window is
 * written as days, a time range, or both:
 *
 * <ul>
 *   <li>{@code "Mon-Fri 19:00-07:00"}: from 19:00 on Monday to Friday until 07:00 the next morning;
 *   <li>{@code "Sat-Sun"}: the whole of Saturday and Sunday;
 *   <li>{@code "daily 22:00-06:00"} or just {@code "22:00-06:00"}: every night;
 *   <li>{@code "Fri-Mon"} (a range across the week's end), {@code "Mon,Wed,Fri 12:00-14:00"} (a list),
 *       {@code "Monday 18:00-24:00"} (full names, any case; {@code 24:00} = the next midnight).
 * </ul>
 *
 * <p>A window that crosses midnight belongs to the day it starts: {@code "Mon-Fri 19:00-07:00"}
 * covers Friday night into Saturday 07:00, but not Monday 00:00-07:00. Windows are half open
 * ([start, end)) and read on the local wall clock of the zone: on a daylight-saving change a window
 * is as long as the wall clock says (an hour shorter or longer), and a window entirely in the
 * skipped hour does not happen that day. Immutable.
 */
public final class TimeWindows {

  private static final int DAY_MINUTES = 24 * 60;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("H:mm", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
  private static final Map<String, DayOfWeek> DAYS = dayNames();

  /** One window: the days it starts on, its start and its length in minutes (1..1440). */
  private record Window(Set<DayOfWeek> days, int startMinute, int lengthMinutes) {

    boolean contains(LocalDateTime t) {
      int second = t.toLocalTime().toSecondOfDay();
      int start = startMinute * 60;
      int end = start + lengthMinutes * 60;
      // Started today, or started yesterday and runs past midnight.
      return (days.contains(t.getDayOfWeek()) && second >= start && second < end)
          || (days.contains(t.getDayOfWeek().minus(1)) && second < end - DAY_MINUTES * 60);
    }
  }

  private final List<String> specs;
  private final List<Window> windows;
  private final ZoneId zone;

  private TimeWindows(List<String> specs, List<Window> windows, ZoneId zone) {
    this.specs = specs;
    this.windows = windows;
    this.zone = zone;
  }

  /**
   * Parses window specifications (see the class comment); an empty list gives no window at all.
   *
   * @throws IllegalArgumentException naming the window and what is wrong with it
   */
  public static TimeWindows parse(List<String> specs, ZoneId zone) {
    List<Window> windows = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (String spec : specs) {
      String s = spec == null ? "" : spec.strip();
      try {
        windows.add(window(s));
      } catch (IllegalArgumentException | DateTimeException e) {
        throw new IllegalArgumentException("window '" + s + "': " + e.getMessage(), e);
      }
      kept.add(s);
    }
    return new TimeWindows(List.copyOf(kept), List.copyOf(windows), zone);
  }

  /** No window: {@link #contains} is always false. */
  public static TimeWindows none(ZoneId zone) {
    return new TimeWindows(List.of(), List.of(), zone);
  }

  /** True when at least one window covers {@code t} (read in this object's zone). */
  public boolean contains(ZonedDateTime t) {
    LocalDateTime local = t.withZoneSameInstant(zone).toLocalDateTime();
    for (Window w : windows) {
      if (w.contains(local)) {
        return true;
      }
    }
    return false;
  }

  /** {@link #contains(ZonedDateTime)} for an instant. */
  public boolean contains(Instant t) {
    return contains(t.atZone(zone));
  }

  /**
   * The first moment after {@code t} at which {@link #contains} changes, in this object's zone;
   * empty when it never changes (no window, or windows covering the whole week).
   */
  public Optional<ZonedDateTime> nextChange(ZonedDateTime t) {
    boolean inside = contains(t);
    Instant after = t.toInstant();
    Set<ZonedDateTime> candidates = new TreeSet<>();
    LocalDate today = t.withZoneSameInstant(zone).toLocalDate();
    // A change happens at some window's start or end; they all recur within a week (plus a
    // window started yesterday).
    for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(8)); day = day.plusDays(1)) {
      for (Window w : windows) {
        if (w.days().contains(day.getDayOfWeek())) {
          LocalDateTime start = day.atStartOfDay().plusMinutes(w.startMinute());
          candidates.add(ZonedDateTime.of(start, zone));
          candidates.add(ZonedDateTime.of(start.plusMinutes(w.lengthMinutes()), zone));
        }
      }
    }
    for (ZonedDateTime c : candidates) {
      if (c.toInstant().isAfter(after) && contains(c) != inside) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  public boolean isEmpty() {
    return windows.isEmpty();
  }

  public ZoneId zone() {
    return zone;
  }

  /** The specifications as given (stripped). */
  public List<String> specs() {
    return specs;
  }

  /** The specifications, comma separated (e.g. {@code Mon-Fri 19:00-07:00, Sat-Sun}). */
  @Override
  public String toString() {
    return String.join(", ", specs);
  }

  // ---- parsing ------------------------------------------------------------------------------

  private static Window window(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty (expected e.g. \"Mon-Fri 19:00-07:00\", \"Sat-Sun\" or \"daily 22:00-06:00\")");
    }
    String[] parts = s.split("\\s+");
    if (parts.length > 2) {
      throw new IllegalArgumentException("expected days, a time range HH:MM-HH:MM, or days then a time range");
    }
    String days = parts.length == 2 || !parts[0].contains(":") ? parts[0] : "daily";
    String times = parts.length == 2 ? parts[1] : parts[0].contains(":") ? parts[0] : null;
    Set<DayOfWeek> daySet = days(days);
    if (times == null) {
      return new Window(daySet, 0, DAY_MINUTES);
    }
    String[] range = times.split("-", -1);
    if (range.length != 2) {
      throw new IllegalArgumentException("time range '" + times + "' is not HH:MM-HH:MM");
    }
    int start = minute(range[0], false);
    int end = minute(range[1], true);
    if (start == end) {
      throw new IllegalArgumentException(
          "time range '" + times + "' is empty (start equals end; for whole days write the days alone)");
    }
    return new Window(daySet, start, end > start ? end - start : end + DAY_MINUTES - start);
  }

  private static Set<DayOfWeek> days(String s) {
    if (s.equalsIgnoreCase("daily")) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
    for (String item : s.split(",", -1)) {
      String[] range = item.split("-", -1);
      if (range.length > 2) {
        throw new IllegalArgumentException("day range '" + item + "' has more than one '-'");
      }
      DayOfWeek from = day(range[0]);
      DayOfWeek to = range.length == 2 ? day(range[1]) : from;
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        set.add(d);
        if (d == to) {
          break;
        }
      }
    }
    return set;
  }

  private static DayOfWeek day(String s) {
    DayOfWeek d = DAYS.get(s.toLowerCase(Locale.ROOT));
    if (d == null) {
      throw new IllegalArgumentException("unknown day '" + s + "' (expected Mon..Sun, Monday..Sunday or daily)");
    }
    return d;
  }

  /** Minutes since midnight; {@code 24:00} (1440) only as an end. */
  private static int minute(String s, boolean end) {
    if (end && s.equals("24:00")) {
      return DAY_MINUTES;
    }
    try {
      LocalTime t = LocalTime.parse(s, TIME);
      return t.getHour() * 60 + t.getMinute();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("time '" + s + "' is not HH:MM (00:00 to 23:59" + (end ? ", or 24:00)" : ")"), e);
    }
  }

  private static Map<String, DayOfWeek> dayNames() {
    Map<String, DayOfWeek> m = new HashMap<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      m.put(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), d);
      m.put(d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT), d);
    }
    return Map.copyOf(m);
  }
}
