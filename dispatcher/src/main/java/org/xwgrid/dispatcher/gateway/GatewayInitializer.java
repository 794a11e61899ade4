package org.xwgrid.dispatcher.gateway;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import org.xwgrid.dispatcher.data.DataRepository;

/** The pipeline: HTTP codec → streamed data uploads → aggregated control requests. */
final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
  private final Routes routes;
  private final DataRepository repo;
  private final long maxUpload;
  private final int maxJson;

  GatewayInitializer(Routes routes, DataRepository repo, long maxUpload, int maxJson) {
    this.routes = routes;
    this.repo = repo;
    this.maxUpload = maxUpload;
    this.maxJson = maxJson;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast(new HttpServerCodec(4096, 16384, 65536))
        .addLast(new DataUploadHandler(routes.verifier(), repo, maxUpload))
        .addLast(new HttpObjectAggregator(maxJson, true))
        .addLast(new ApiHandler(routes));
  }
}
