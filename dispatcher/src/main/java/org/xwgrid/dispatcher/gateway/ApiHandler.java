package org.xwgrid.dispatcher.gateway;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.dispatcher.Problem;

/**
 * Control requests (aggregated, small JSON bodies): hands them to {@link Routes} and writes the
 * answer when it completes, on the channel's event loop. One request at a time per connection:
 * reading pauses until the answer is written, which keeps pipelined answers in order.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
  private final Routes routes;

  ApiHandler(Routes routes) {
    this.routes = routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    if (!req.decoderResult().isSuccess()) {
      HttpResponses.error(ctx, 400, "malformed HTTP request", false);
      return;
    }
    Request r =
        Request.of(
            req.method().name(), req.uri(), ByteBufUtil.getBytes(req.content()), req.headers().get(HttpHeaderNames.AUTHORIZATION));
    java.util.concurrent.CompletionStage<Reply> reply;
    // A worker's long poll is watched: if its connection closes, the scheduler forgets the request.
    // Reading goes on meanwhile, or the peer's close would go unseen; other requests stop reading
    // until they are answered (no pipelining, and backpressure on uploads).
    java.util.concurrent.CompletableFuture<Void> closed = isLongPoll(r) ? new java.util.concurrent.CompletableFuture<>() : null;
    if (closed == null) {
      ctx.channel().config().setAutoRead(false);
    }
    io.netty.channel.ChannelFutureListener onClose = f -> closed.complete(null);
    if (closed != null) {
      ctx.channel().closeFuture().addListener(onClose);
    }
    try {
      reply = routes.handle(r, closed);
    } catch (RuntimeException e) {
      reply = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    reply.whenComplete(
        (res, err) ->
            ctx.executor()
                .execute(
                    () -> {
                      if (closed != null) {
                        ctx.channel().closeFuture().removeListener(onClose);
                      }
                      write(ctx, r, res, err, keepAlive);
                    }));
  }

  private static boolean isLongPoll(Request r) {
    return "POST".equals(r.method()) && r.segments() != null && r.segments().size() == 3
        && r.segments().get(0).equals("workers") && r.segments().get(2).equals("work");
  }

  private void write(ChannelHandlerContext ctx, Request r, Reply res, Throwable err, boolean keepAlive) {
    try {
      if (err != null) {
        writeError(ctx, r, err, keepAlive);
      } else if (res instanceof Reply.Json j) {
        HttpResponses.json(ctx, j.status(), j.body(), keepAlive);
      } else if (res instanceof Reply.Blob b) {
        HttpResponses.file(ctx, b, keepAlive);
      } else {
        HttpResponses.noContent(ctx, keepAlive);
      }
    } catch (Exception e) {
      log.error("Cannot answer {} {}", r.method(), r.segments(), e);
      HttpResponses.error(ctx, 500, "internal error", false);
    } finally {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private static void writeError(ChannelHandlerContext ctx, Request r, Throwable err, boolean keepAlive) {
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    Problem p = Problem.of(cause);
    if (p != null) {
      HttpResponses.error(ctx, p.status(), p.getMessage(), keepAlive);
    } else if (cause instanceof TimeoutException) {
      log.warn("Timeout answering {} {}", r.method(), r.segments());
      HttpResponses.error(ctx, 503, "the dispatcher is busy or recovering; retry", keepAlive);
    } else {
      log.error("Failed {} {}", r.method(), r.segments(), cause);
      HttpResponses.error(ctx, 500, "internal error", keepAlive);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Closing a connection after an error", cause);
    ctx.close();
  }
}
