package org.xwgrid.oracle.bridge;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.xwgrid.dispatcher.DispatcherSettings;
import org.xwgrid.dispatcher.NodeExtension;
import org.xwgrid.oracle.chain.ChainKeys;
import org.xwgrid.oracle.chain.HubService;
import org.xwgrid.oracle.cli.ChainCommand.DeploymentFile;
import org.xwgrid.oracle.follow.LogReader;
import org.xwgrid.oracle.outbox.OutboxActor;
import org.xwgrid.oracle.outbox.TxSigner;
import org.xwgrid.oracle.outbox.Web3jChain;

/**
 * Starts the {@link Oracle} singleton on a dispatcher node when {@code xwgrid.oracle.enabled}:
 * checks first that the node has the role {@code oracle}, that the chain is the deployment's, and
 * that the key owns the workerpool, and refuses to start otherwise.
 */
public final class OracleExtension implements NodeExtension {

  @Override
  public void start(ActorSystem<Void> system, Config config, DispatcherSettings grid, String gatewayUrl, PrintStream out)
      throws Exception {
    OracleSettings s = OracleSettings.create(config);
    if (!s.enabled()) {
      return;
    }
    if (!Cluster.get(system).selfMember().hasRole("oracle")) {
      throw new IllegalArgumentException(
          "xwgrid.oracle.enabled needs the node's role oracle: set pekko.cluster.roles = [\"dispatcher\", \"oracle\"]");
    }
    if (!s.workerpool().matches("0x[0-9a-f]{40}")) {
      throw new IllegalArgumentException("xwgrid.oracle.workerpool must be the workerpool's address, not '" + s.workerpool() + "'");
    }
    Credentials key = ChainKeys.load(s.keystore().isBlank() ? null : Path.of(s.keystore()));
    DeploymentFile deployment = DeploymentFile.read(s.deployment());
    Web3j web3j = Web3j.build(new HttpService(s.rpc()));
    try {
      long chainId = web3j.ethChainId().send().getChainId().longValueExact();
      if (chainId != deployment.chainId()) {
        throw new IllegalArgumentException(
            "the node at " + s.rpc() + " is chain " + chainId + ", the deployment " + s.deployment() + " is on chain " + deployment.chainId());
      }
      HubService hub = new HubService(web3j, key, chainId, deployment.deployment());
      String owner = HubService.call(hub.workerpools().ownerOf(s.workerpool()));
      if (!owner.equalsIgnoreCase(key.getAddress())) {
        throw new IllegalArgumentException(
            "the oracle's key " + key.getAddress() + " does not own the workerpool " + s.workerpool() + " (its owner is " + owner + ")");
      }
      String resultsUrl = s.resultsUrl().isBlank() ? gatewayUrl : s.resultsUrl().replaceAll("/+$", "");
      HubReads reads = new HubReads(web3j, hub);
      LogReader logs = new LogReader(web3j, deployment.hub());
      TxSigner signer = new TxSigner(key, chainId, s.maxFeePerGas(), s.maxPriorityFeePerGas());
      ClusterSingleton.get(system).init(
          SingletonActor.of(
                  Oracle.create(s, (ctx, listener) -> new Oracle.Wiring(
                      s, reads, logs, key, chainId, resultsUrl, grid.maxTasks(), grid.maxFailures(),
                      ctx.spawn(OutboxActor.create(key.getAddress(), new Web3jChain(web3j), signer, s.poll(), s.resendAfter(),
                          Clock.systemUTC(), listener), "outbox"))),
                  "oracle")
              .withSettings(ClusterSingletonSettings.create(system).withRole("oracle")));
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "web3j", () -> {
        web3j.shutdown();
        return CompletableFuture.completedFuture(Done.getInstance());
      });
      out.println("xwgrid oracle for workerpool " + s.workerpool() + " as " + key.getAddress() + " on chain " + chainId
          + " (hub " + deployment.hub() + ")");
      out.flush();
    } catch (Exception e) {
      web3j.shutdown();
      throw e;
    }
  }
}
