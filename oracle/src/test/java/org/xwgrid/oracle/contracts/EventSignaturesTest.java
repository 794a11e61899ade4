package org.xwgrid.oracle.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.crypto.Hash;

/**
 * Every event the hub shares with iExec PoCo v5 has iExec's name, argument types and indexed
 * arguments: its topic in the compiled ABI (and in the generated wrapper) is keccak-256 of
 * iExec's signature. The declarations below are copied from peer-systems.md §1.6 (PoCo v5.0.0
 * contracts/modules/interfaces/IexecPoco.sol) and the ERC-20 standard.
 */
class EventSignaturesTest {
  private static final List<String> IEXEC_HUB_EVENTS = List.of(
      "Reward(address owner, uint256 amount, bytes32 ref)",
      "Seize(address owner, uint256 amount, bytes32 ref)",
      "Lock(address owner, uint256 amount)",
      "Unlock(address owner, uint256 amount)",
      "OrdersMatched(bytes32 dealid, bytes32 appHash, bytes32 datasetHash, bytes32 workerpoolHash, bytes32 requestHash, uint256 volume)",
      "SchedulerNotice(address indexed workerpool, bytes32 dealid)",
      "TaskInitialize(bytes32 indexed taskid, address indexed workerpool)",
      "TaskContribute(bytes32 indexed taskid, address indexed worker, bytes32 hash)",
      "TaskConsensus (bytes32 indexed taskid, bytes32 consensus)",
      "TaskReveal    (bytes32 indexed taskid, address indexed worker, bytes32 digest)",
      "TaskReopen    (bytes32 indexed taskid)",
      "TaskFinalize  (bytes32 indexed taskid, bytes results)",
      "TaskClaimed   (bytes32 indexed taskid)",
      "AccurateContribution(address indexed worker, bytes32 indexed taskid)",
      "FaultyContribution  (address indexed worker, bytes32 indexed taskid)");

  private static final List<String> ERC20_EVENTS = List.of(
      "Transfer(address indexed from, address indexed to, uint256 value)",
      "Approval(address indexed owner, address indexed spender, uint256 value)");

  /** A declaration reduced to its canonical signature and the indexed flags of its arguments. */
  private record Declared(String name, String signature, List<Boolean> indexed) {}

  private static final Pattern DECLARATION = Pattern.compile("(\\w+)\\s*\\((.*)\\)");

  private static Declared parse(String declaration) {
    Matcher m = DECLARATION.matcher(declaration.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(declaration);
    }
    List<String> types = new ArrayList<>();
    List<Boolean> indexed = new ArrayList<>();
    for (String arg : m.group(2).split(",")) {
      String[] words = arg.trim().split("\\s+");
      types.add(words[0]);
      indexed.add(words.length == 3 && words[1].equals("indexed"));
    }
    return new Declared(m.group(1), m.group(1) + "(" + String.join(",", types) + ")", indexed);
  }

  private static Map<String, JsonNode> abiEvents(String contract) throws Exception {
    try (InputStream in = EventSignaturesTest.class.getResourceAsStream("/contracts/" + contract + ".json")) {
      assertNotNull(in, contract + ".json on the class path");
      Map<String, JsonNode> events = new LinkedHashMap<>();
      for (JsonNode entry : new ObjectMapper().readTree(in).get("abi")) {
        if ("event".equals(entry.path("type").asText())) {
          events.put(entry.get("name").asText(), entry);
        }
      }
      return events;
    }
  }

  private static void assertMatches(List<String> declarations, Map<String, JsonNode> abi, String contract) {
    for (String declaration : declarations) {
      Declared expected = parse(declaration);
      JsonNode event = abi.get(expected.name());
      assertNotNull(event, contract + " declares " + expected.name());
      List<String> types = new ArrayList<>();
      List<Boolean> indexed = new ArrayList<>();
      for (JsonNode input : event.get("inputs")) {
        types.add(input.get("type").asText());
        indexed.add(input.get("indexed").asBoolean());
      }
      String actual = expected.name() + "(" + String.join(",", types) + ")";
      assertEquals(Hash.sha3String(expected.signature()), Hash.sha3String(actual), declaration);
      assertEquals(expected.indexed(), indexed, "indexed arguments of " + declaration);
    }
  }

  @Test
  void shouldDeclareIexecHubEventsWithTheirTopics() throws Exception {
    assertMatches(IEXEC_HUB_EVENTS, abiEvents("XwHub"), "XwHub");
  }

  @Test
  void shouldDeclareErc20EventsOnTheToken() throws Exception {
    assertMatches(ERC20_EVENTS, abiEvents("XwToken"), "XwToken");
  }

  @Test
  void shouldGiveTheWrapperTheSameTopics() {
    Map<Event, String> wrapper = new LinkedHashMap<>();
    wrapper.put(XwHub.ORDERSMATCHED_EVENT, IEXEC_HUB_EVENTS.get(4));
    wrapper.put(XwHub.SCHEDULERNOTICE_EVENT, IEXEC_HUB_EVENTS.get(5));
    wrapper.put(XwHub.TASKINITIALIZE_EVENT, IEXEC_HUB_EVENTS.get(6));
    wrapper.put(XwHub.TASKCONTRIBUTE_EVENT, IEXEC_HUB_EVENTS.get(7));
    wrapper.put(XwHub.TASKCONSENSUS_EVENT, IEXEC_HUB_EVENTS.get(8));
    wrapper.put(XwHub.TASKREVEAL_EVENT, IEXEC_HUB_EVENTS.get(9));
    wrapper.put(XwHub.TASKREOPEN_EVENT, IEXEC_HUB_EVENTS.get(10));
    wrapper.put(XwHub.TASKFINALIZE_EVENT, IEXEC_HUB_EVENTS.get(11));
    wrapper.put(XwHub.TASKCLAIMED_EVENT, IEXEC_HUB_EVENTS.get(12));
    wrapper.put(XwHub.ACCURATECONTRIBUTION_EVENT, IEXEC_HUB_EVENTS.get(13));
    wrapper.put(XwHub.FAULTYCONTRIBUTION_EVENT, IEXEC_HUB_EVENTS.get(14));
    wrapper.put(XwHub.REWARD_EVENT, IEXEC_HUB_EVENTS.get(0));
    wrapper.put(XwHub.SEIZE_EVENT, IEXEC_HUB_EVENTS.get(1));
    wrapper.put(XwHub.LOCK_EVENT, IEXEC_HUB_EVENTS.get(2));
    wrapper.put(XwHub.UNLOCK_EVENT, IEXEC_HUB_EVENTS.get(3));
    wrapper.put(XwToken.TRANSFER_EVENT, ERC20_EVENTS.get(0));
    wrapper.put(XwToken.APPROVAL_EVENT, ERC20_EVENTS.get(1));
    wrapper.forEach((event, declaration) ->
        assertEquals(Hash.sha3String(parse(declaration).signature()), EventEncoder.encode(event), declaration));
  }
}
