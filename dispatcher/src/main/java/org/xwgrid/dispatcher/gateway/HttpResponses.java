package org.xwgrid.dispatcher.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.RandomAccessFile;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.ErrorView;

/** Writes replies: JSON, errors as {@link ErrorView}, blobs zero-copy; keep-alive in one place. */
final class HttpResponses {
  private HttpResponses() {}

  static ChannelFuture json(ChannelHandlerContext ctx, int status, Object body, boolean keepAlive) {
    return send(ctx, jsonResponse(status, body), keepAlive);
  }

  private static FullHttpResponse jsonResponse(int status, Object body) {
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON reply", e);
    }
    FullHttpResponse res =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(bytes));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    return res;
  }

  static ChannelFuture error(ChannelHandlerContext ctx, int status, String message, boolean keepAlive) {
    String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
    return json(ctx, status, new ErrorView(status, reason, message), keepAlive);
  }

  /**
   * An error answer that says {@code Connection: close} but leaves closing to the caller: an
   * upload handler first drains the body the client is still sending, so that it reads the answer.
   */
  static ChannelFuture errorThenClose(ChannelHandlerContext ctx, int status, String message) {
    String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
    FullHttpResponse res = jsonResponse(status, new ErrorView(status, reason, message));
    HttpUtil.setContentLength(res, res.content().readableBytes());
    setKeepAlive(res, false);
    return ctx.writeAndFlush(res);
  }

  static ChannelFuture noContent(ChannelHandlerContext ctx, boolean keepAlive) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    return send(ctx, res, keepAlive);
  }

  /** Sends a file with sendfile(2) (no TLS on this pipeline, so a FileRegion is possible). */
  static ChannelFuture file(ChannelHandlerContext ctx, Reply.Blob blob, boolean keepAlive) throws IOException {
    RandomAccessFile raf = new RandomAccessFile(blob.file().toFile(), "r");
    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
    HttpUtil.setContentLength(res, blob.size());
    setKeepAlive(res, keepAlive);
    ctx.write(res);
    ctx.write(new DefaultFileRegion(raf.getChannel(), 0, blob.size()));
    ChannelFuture f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
    return f;
  }

  private static ChannelFuture send(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
    HttpUtil.setContentLength(res, res.content().readableBytes());
    setKeepAlive(res, keepAlive);
    ChannelFuture f = ctx.writeAndFlush(res);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
    return f;
  }

  private static void setKeepAlive(HttpResponse res, boolean keepAlive) {
    if (!keepAlive) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }
}
