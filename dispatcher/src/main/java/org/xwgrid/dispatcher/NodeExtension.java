package org.xwgrid.dispatcher;

import com.typesafe.config.Config;
import java.io.PrintStream;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A part that runs on dispatcher nodes next to the grid's own, found on the class path with
 * {@link java.util.ServiceLoader} (the chain oracle is one). Started once the entities and the
 * gateway are up; an extension that is not configured does nothing.
 */
public interface NodeExtension {

  /**
   * @param gatewayUrl the node's gateway URL, for links to its data
   * @throws Exception when the extension is configured but cannot start: the node stops
   */
  void start(ActorSystem<Void> system, Config config, DispatcherSettings settings, String gatewayUrl, PrintStream out)
      throws Exception;
}
