package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;
import org.xwgrid.common.Json;
import org.xwgrid.oracle.chain.Anvil;

/**
 * {@code xw chain deploy} and {@code xw chain wallet show|deposit|withdraw} as processes against a
 * real anvil: the key only from the environment, the deployment file written and read, escrow
 * balances moved, refusals named with nothing moved.
 */
class ChainCommandIT {
  private static final Duration T = Duration.ofSeconds(120);

  @Test
  void shouldDeployAndMoveTokensInAndOutOfTheEscrow(@TempDir Path dir) throws Exception {
    try (Anvil anvil = Anvil.start(Anvil.defaultBinary())) {
      Map<String, String> env = new HashMap<>();
      env.put("XW_CHAIN_RPC", anvil.url());
      env.put("XW_CHAIN_DEPLOYMENT", dir.resolve("chain.json").toString());
      GridFixture.Run noKey = GridFixture.xw(env, T, "chain", "deploy");
      assertEquals(1, noKey.exit(), noKey.err());
      assertTrue(noKey.err().contains("no key"), noKey.err());

      env.put("XW_CHAIN_KEY", Numeric.toHexStringWithPrefixZeroPadded(Anvil.account(0).getEcKeyPair().getPrivateKey(), 64));
      GridFixture.Run deploy = GridFixture.xw(env, T, "chain", "deploy", "--mint", "1000000", "--json");
      assertEquals(0, deploy.exit(), deploy.err());
      JsonNode file = Json.mapper().readTree(Files.readString(dir.resolve("chain.json")));
      assertEquals(anvil.chainId(), file.get("chainId").asLong());
      assertTrue(file.get("hub").asText().matches("0x[0-9a-fA-F]{40}"), file.toString());

      JsonNode in = wallet(env, "deposit", "500");
      assertEquals(500, in.get("stake").asLong());
      assertEquals(1_000_000 - 500, in.get("tokens").asLong());
      JsonNode out = wallet(env, "withdraw", "200");
      assertEquals(300, out.get("stake").asLong());
      assertEquals(1_000_000 - 300, out.get("tokens").asLong());

      GridFixture.Run tooMuch = GridFixture.xw(env, T, "chain", "wallet", "withdraw", "1000000");
      assertEquals(1, tooMuch.exit(), tooMuch.out());
      assertTrue(tooMuch.err().contains("InsufficientFreeBalance"), "the contract's refusal, named: " + tooMuch.err());
      assertEquals(300, wallet(env, "show").get("stake").asLong(), "a refused withdrawal moves nothing");

      String sum = "0x" + "ab".repeat(32);
      GridFixture.Run app = GridFixture.xw(env, T, "chain", "app", "register", "vanitygen", "--checksum", sum, "--json");
      assertEquals(0, app.exit(), app.err());
      String appId = Json.mapper().readTree(app.lastLine()).get("app").asText();
      org.xwgrid.oracle.contracts.AppRegistry apps =
          org.xwgrid.oracle.contracts.AppRegistry.load(file.get("appRegistry").asText(), anvil.web3j(), Anvil.account(0), new org.web3j.tx.gas.DefaultGasProvider());
      assertTrue(apps.isRegistered(appId).send(), appId);
      assertEquals(Anvil.account(0).getAddress(), apps.ownerOf(appId).send().toLowerCase());
      GridFixture.Run badSum = GridFixture.xw(env, T, "chain", "app", "register", "vanitygen", "--checksum", "0x12");
      assertEquals(1, badSum.exit(), badSum.out());
      GridFixture.Run pool = GridFixture.xw(env, T, "chain", "workerpool", "register", "lab pool");
      assertEquals(0, pool.exit(), pool.err());
      assertTrue(pool.lastLine().matches("0x[0-9a-f]{40}"), pool.out());

      GridFixture.Run keyOnTheCommandLine = GridFixture.xw(env, T, "chain", "wallet", "show", "--key", env.get("XW_CHAIN_KEY"));
      assertEquals(2, keyOnTheCommandLine.exit(), "no option takes a key: " + keyOnTheCommandLine.err());
    }
  }

  private static JsonNode wallet(Map<String, String> env, String... args) throws Exception {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "chain";
    cmd[1] = "wallet";
    System.arraycopy(args, 0, cmd, 2, args.length);
    cmd[cmd.length - 1] = "--json";
    GridFixture.Run r = GridFixture.xw(env, T, cmd);
    assertEquals(0, r.exit(), r.err());
    return Json.mapper().readTree(r.lastLine());
  }
}
