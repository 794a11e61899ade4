package org.xwgrid.oracle.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.common.api.WorkerApi.ChainTerms;
import org.xwgrid.dispatcher.job.JobSpec;
import org.xwgrid.oracle.chain.HubService;

class DealTermsTest {
  private static final String DEAL = "0x88f410117f5b18bc757f0db75e6d0ce86a906be415172c18507e2464ab5a8ece";
  private static final ChainTerms CHAIN = new ChainTerms(31337, "0x" + "dc".repeat(20));

  private static DealTerms.OnChain deal(String params, boolean dataset, int size) {
    return new DealTerms.OnChain(DEAL, "vanitygen", dataset, params, 4, "XS", 300, 6, size);
  }

  @Test
  void paramsAreAJsonObjectOfArguments() {
    assertEquals(Map.of("pattern", "1Lo", "keys", "5000", "fast", "true"),
        DealTerms.args("{\"pattern\":\"1Lo\",\"keys\":5000,\"fast\":true}"));
    assertEquals(Map.of(), DealTerms.args(""));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DealTerms.args("--pattern=1Lo")).getMessage().contains("JSON object"));
    assertThrows(IllegalArgumentException.class, () -> DealTerms.args("[1,2]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DealTerms.args("{\"a\":{\"b\":1}}")).getMessage().contains("value of a"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DealTerms.args("{\"-x\":\"1\"}")).getMessage().contains("not valid"));
  }

  @Test
  void aDealTheGridCannotRunIsRefusedWithTheReason() {
    assertNull(DealTerms.refusal(deal("{}", false, 4), 100));
    assertEquals("datasets are not supported by this pool", DealTerms.refusal(deal("{}", true, 4), 100));
    assertTrue(DealTerms.refusal(deal("{}", false, 101), 100).contains("101 tasks"));
    assertTrue(DealTerms.refusal(deal("oops", false, 1), 100).startsWith("bad params"));
  }

  @Test
  void theGridJobHasTheDealsTaskIdsTrustPeriodAndArguments() {
    AppView app = new AppView("vanitygen", "1", "native", new DataRef("aa".repeat(32), 1, "app.zip"), List.of("bin/run"),
        Requirements.ANY, "finds vanity addresses", "pool", Instant.EPOCH);
    JobSpec spec = DealTerms.spec(deal("{\"seed\":\"s{index}\"}", false, 3), app, "chain", CHAIN, Instant.EPOCH, 2);
    assertEquals(DealTerms.jobId(DEAL), spec.id());
    assertTrue(spec.id().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), spec.id());
    assertEquals(3, spec.tasks());
    for (int i = 0; i < 3; i++) {
      assertEquals(HubService.taskId(DEAL, 6 + i), spec.taskId(i), "the grid's task i is the deal's task botFirst + i");
    }
    assertEquals(List.of("--seed=s1"), spec.argsOf(1));
    assertEquals(4, spec.trust());
    assertEquals(300_000, spec.periodMs());
    assertEquals(300_000, spec.timeoutMs(), "a replica may run one period");
    assertEquals(0, spec.price(), "the deal pays on chain");
    assertEquals(CHAIN, spec.chain());
    assertEquals("chain", spec.owner());
  }
}
