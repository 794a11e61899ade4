package org.xwgrid.dispatcher.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import org.xwgrid.dispatcher.DispatcherSettings;
import org.xwgrid.dispatcher.data.DataRepository;

/** Binds the gateway: client API, worker API and data repository on one HTTP port. */
public final class GatewayServer {
  private final Channel channel;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;

  public static GatewayServer start(DispatcherSettings settings, Routes routes, DataRepository repo)
      throws InterruptedException {
    GatewayServer s = null;
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup workers = new NioEventLoopGroup();
    try {
      Channel ch =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(new GatewayInitializer(routes, repo, settings.maxUploadSize(), settings.maxJsonBody()))
              .bind(settings.httpHost(), settings.httpPort())
              .sync()
              .channel();
      s = new GatewayServer(ch, boss, workers);
      return s;
    } finally {
      if (s == null) {
        boss.shutdownGracefully();
        workers.shutdownGracefully();
      }
    }
  }

  private GatewayServer(Channel channel, EventLoopGroup boss, EventLoopGroup workers) {
    this.channel = channel;
    this.bossGroup = boss;
    this.workerGroup = workers;
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public void stop() {
    channel.close().syncUninterruptibly();
    bossGroup.shutdownGracefully();
    workerGroup.shutdownGracefully();
  }
}
