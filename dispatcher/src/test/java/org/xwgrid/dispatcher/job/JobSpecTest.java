package org.xwgrid.dispatcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.dispatcher.testing.Samples;

class JobSpecTest {

  private static JobSpec spec(Map<String, String> args, Map<String, List<String>> sweep, int tasks) {
    return new JobSpec(
        "j", "n", "alice", Samples.app(), tasks, args, sweep, null, 1000, 3, Requirements.ANY,
        Samples.SUBMITTED_AT);
  }

  private static <V> Map<String, V> ordered(Object... kv) {
    Map<String, V> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      @SuppressWarnings("unchecked")
      V v = (V) kv[i + 1];
      m.put((String) kv[i], v);
    }
    return m;
  }

  @Test
  void shouldReplaceEveryIndexPlaceholderInArgsInTheirOrder() {
    JobSpec s = spec(ordered("seed", "s{index}-{index}", "prefix", "1Lo", "out", "part{index}.txt"), null, 20);
    assertEquals(List.of("--seed=s7-7", "--prefix=1Lo", "--out=part7.txt"), s.argsOf(7));
    assertEquals(List.of("--seed=s0-0", "--prefix=1Lo", "--out=part0.txt"), s.argsOf(0));
  }

  @Test
  void shouldExpandTheSweepAsAMixedRadixNumberWithTheLastKeyFastest() {
    JobSpec s = spec(null, ordered("a", List.of("x", "y"), "b", List.of("1", "2", "3")), 6);
    assertEquals(List.of("--a=x", "--b=1"), s.argsOf(0));
    assertEquals(List.of("--a=x", "--b=2"), s.argsOf(1));
    assertEquals(List.of("--a=x", "--b=3"), s.argsOf(2));
    assertEquals(List.of("--a=y", "--b=1"), s.argsOf(3));
    assertEquals(List.of("--a=y", "--b=3"), s.argsOf(5));
  }

  @Test
  void shouldPutArgsBeforeSweepValues() {
    JobSpec s = spec(ordered("n", "{index}"), ordered("k", List.of("p", "q")), 2);
    assertEquals(List.of("--n=1", "--k=q"), s.argsOf(1));
  }

  @Test
  void shouldGiveEveryTaskOfASweepADistinctCombination() {
    JobSpec s =
        spec(null, ordered("a", List.of("1", "2", "3"), "b", List.of("x", "y"), "c", List.of("p", "q", "r", "s")), 24);
    Set<List<String>> seen = new HashSet<>();
    for (int i = 0; i < s.tasks(); i++) {
      seen.add(s.argsOf(i));
    }
    assertEquals(24, seen.size());
  }

  @Test
  void shouldGiveNoArgsWithoutArgsOrSweep() {
    JobSpec s = spec(null, null, 3);
    assertEquals(List.of(), s.argsOf(2));
    assertEquals(Map.of(), s.args());
    assertEquals(Map.of(), s.sweep());
    assertEquals(List.of(), s.inputs());
  }

  @Test
  void shouldKeepAnImmutableCopyOfTheInputs() {
    List<org.xwgrid.common.api.DataRef> inputs = new java.util.ArrayList<>(List.of(Samples.data("a.txt")));
    JobSpec s =
        new JobSpec("j", "n", "alice", Samples.app(), 1, null, null, inputs, 1000, 3, Requirements.ANY, Samples.SUBMITTED_AT);
    inputs.add(Samples.data("b.txt"));
    assertEquals(1, s.inputs().size());
    assertThrows(UnsupportedOperationException.class, () -> s.inputs().add(Samples.data("c.txt")));
  }

  @Test
  void shouldMultiplyTheSweepSizesUpToTheLimit() {
    assertEquals(1, JobSpec.sweepSize(null, 10));
    assertEquals(1, JobSpec.sweepSize(Map.of(), 10));
    assertEquals(6, JobSpec.sweepSize(Map.of("a", List.of("1", "2"), "b", List.of("1", "2", "3")), 6));
    assertEquals(-1, JobSpec.sweepSize(Map.of("a", List.of("1", "2"), "b", List.of("1", "2", "3")), 5));
  }

  @Test
  void shouldNotOverflowWhenTheSweepIsHuge() {
    Map<String, List<String>> sweep = new LinkedHashMap<>();
    List<String> thousand = java.util.stream.IntStream.range(0, 1000).mapToObj(Integer::toString).toList();
    for (int k = 0; k < 20; k++) {
      sweep.put("k" + k, thousand);
    }
    assertEquals(-1, JobSpec.sweepSize(sweep, 1_000_000));
  }
}
