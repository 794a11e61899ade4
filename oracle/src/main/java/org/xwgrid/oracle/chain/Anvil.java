package org.xwgrid.oracle.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Async;

/**
 * A local chain: anvil (from the npm package {@code @foundry-rs/anvil-linux-amd64}, installed
 * by the oracle module's {@code npm ci}) started as a child process on a free loopback port, with
 * its ten prefunded accounts (10 000 ether each, from the well-known test mnemonic). For tests and
 * demos; {@link #close()} stops it.
 */
public final class Anvil implements AutoCloseable {
  /** anvil's default mnemonic (public: these keys are for local chains only). */
  public static final String MNEMONIC = "test test test test test test test test test test test junk";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpService http;
  private final Web3j web3j;
  private final long chainId;

  private Anvil(Process process, int port, Path log, HttpService http, Web3j web3j, long chainId) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.http = http;
    this.web3j = web3j;
    this.chainId = chainId;
  }

  /**
   * The anvil binary: system property {@code xwgrid.anvil}, else environment variable
   * {@code ANVIL_BIN}, else {@code node_modules/.bin/anvil} under the current directory or its
   * {@code oracle/} folder.
   */
  public static Path defaultBinary() {
    String configured = System.getProperty("xwgrid.anvil", System.getenv("ANVIL_BIN"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path here = Path.of("node_modules", ".bin", "anvil");
    return Files.exists(here) ? here : Path.of("oracle", "node_modules", ".bin", "anvil");
  }

  /** Starts anvil on a free port with {@code extraArgs} and waits until it answers. */
  public static Anvil start(Path binary, String... extraArgs) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("no anvil at " + binary.toAbsolutePath()
          + ": run npm ci in oracle/ (the Maven build does), or set ANVIL_BIN");
    }
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        binary.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port), "--silent"));
    command.addAll(List.of(extraArgs));
    Path log = null;
    Process process = null;
    try {
      log = Files.createTempFile("anvil-" + port + "-", ".log");
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      HttpService http = new HttpService("http://127.0.0.1:" + port);
      Web3j web3j = Web3j.build(http, 100, Async.defaultExecutorService());
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("anvil exited with " + process.exitValue() + ": " + Files.readString(log));
        }
        try {
          long chainId = web3j.ethChainId().send().getChainId().longValue();
          return new Anvil(process, port, log, http, web3j, chainId);
        } catch (IOException notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("anvil did not answer within " + START_TIMEOUT + ": " + notYet);
          }
          Thread.sleep(20);
        }
      }
    } catch (IOException e) {
      stop(process, log);
      throw new UncheckedIOException("cannot start anvil", e);
    } catch (InterruptedException e) {
      stop(process, log);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting anvil", e);
    } catch (RuntimeException e) {
      stop(process, log);
      throw e;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Web3j web3j() {
    return web3j;
  }

  public long chainId() {
    return chainId;
  }

  /** Prefunded account {@code index} (0–9) of the test mnemonic, path m/44'/60'/0'/0/index. */
  public static Credentials account(int index) {
    Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));
    int hardened = Bip32ECKeyPair.HARDENED_BIT;
    int[] path = {44 | hardened, 60 | hardened, hardened, 0, index};
    return Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path));
  }

  /** Moves the chain's clock forward by {@code seconds} and mines a block at the new time. */
  public void increaseTime(long seconds) {
    rpc("evm_increaseTime", List.of(BigInteger.valueOf(seconds)));
    mine();
  }

  /** Mines one block now. */
  public void mine() {
    rpc("evm_mine", List.of());
  }

  /** Mines {@code blocks} empty blocks at once. */
  public void mine(long blocks) {
    rpc("anvil_mine", List.of(BigInteger.valueOf(blocks)));
  }

  /** Whether each transaction is mined as soon as it arrives (off: they wait in the pool for {@link #mine()}). */
  public void automine(boolean on) {
    rpc("evm_setAutomine", List.of(on));
  }

  /** The latest block's timestamp, in seconds. */
  public long now() {
    try {
      return web3j.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false)
          .send().getBlock().getTimestamp().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void rpc(String method, List<?> params) {
    try {
      VoidResponse r = new Request<>(method, params, http, VoidResponse.class).send();
      if (r.hasError()) {
        throw new IllegalStateException(method + ": " + r.getError().getMessage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(method, e);
    }
  }

  @Override
  public void close() {
    web3j.shutdown();
    stop(process, log);
  }

  private static void stop(Process process, Path log) {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (log != null) {
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
