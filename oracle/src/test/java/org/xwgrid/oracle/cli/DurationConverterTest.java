package org.xwgrid.oracle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter c = new DurationConverter();

  @Test
  void shouldReadShortFormsAndIso() {
    assertEquals(Duration.ofMillis(500), c.convert("500ms"));
    assertEquals(Duration.ofSeconds(90), c.convert("90s"));
    assertEquals(Duration.ofMinutes(10), c.convert("10m"));
    assertEquals(Duration.ofHours(2), c.convert("2h"));
    assertEquals(Duration.ofSeconds(90), c.convert("PT1M30S"));
  }

  @Test
  void shouldRefuseWhatIsNotAPositiveDuration() {
    assertThrows(TypeConversionException.class, () -> c.convert("soon"));
    assertThrows(TypeConversionException.class, () -> c.convert("0s"));
    assertThrows(TypeConversionException.class, () -> c.convert("PT-5S"));
    assertThrows(TypeConversionException.class, () -> c.convert("5 d"));
  }
}
