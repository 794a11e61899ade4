package org.xwgrid.dispatcher.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Names;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.dispatcher.account.Role;
import org.xwgrid.dispatcher.data.DataRepository;

/**
 * {@code PUT /api/v1/data/{sha256}?name=NAME}: streams the body to a temp file with asynchronous
 * writes (never blocking the event loop, pausing reads while writes lag), hashing as it goes;
 * the blob is kept only if the body hashes to the name and stays under the size limit. Anything
 * else passes through to the aggregator and {@link ApiHandler}.
 */
final class DataUploadHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(DataUploadHandler.class);
  private static final String PREFIX = "/api/v1/data/";
  private static final int MAX_QUEUED = 16;
  /**
   * After a rejection the rest of the body is read and dropped, so that the client, still
   * sending, gets the answer instead of a reset; past this many bytes the connection just closes.
   */
  private static final long DRAIN_LIMIT = 64L << 20;

  private final TokenVerifier verifier;
  private final DataRepository repo;
  private final long maxSize;
  private Upload upload;

  /** One upload in progress on this connection. */
  private final class Upload {
    final ChannelHandlerContext ctx;
    final String sha256;
    final String name;
    final boolean keepAlive;
    final long declared;
    final ArrayDeque<HttpContent> queue = new ArrayDeque<>();
    final MessageDigest digest = Hashes.sha256();
    Path temp;
    AsynchronousFileChannel file;
    String owner;
    long received;
    long written;
    boolean writing;
    boolean lastSeen;
    /** The request's last content has arrived (it may still be queued). */
    boolean bodyEnded;
    boolean over;
    /** Bytes dropped after a rejection, while the client finishes sending. */
    long drained;

    Upload(ChannelHandlerContext ctx, String sha256, String name, boolean keepAlive, long declared) {
      this.ctx = ctx;
      this.sha256 = sha256;
      this.name = name;
      this.keepAlive = keepAlive;
      this.declared = declared;
    }
  }

  DataUploadHandler(TokenVerifier verifier, DataRepository repo, long maxSize) {
    this.verifier = verifier;
    this.repo = repo;
    this.maxSize = maxSize;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req && req.method().equals(HttpMethod.PUT) && req.uri().startsWith(PREFIX)) {
      start(ctx, req);
      ReferenceCountUtil.release(msg);
    } else if (upload != null && msg instanceof HttpContent c) {
      onContent(c);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void start(ChannelHandlerContext ctx, HttpRequest req) {
    Request r = Request.of("PUT", req.uri(), null, req.headers().get(HttpHeaderNames.AUTHORIZATION));
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    long declared = HttpUtil.getContentLength(req, -1L);
    upload = new Upload(ctx, r.segments().size() == 2 ? r.seg(1) : "", r.param("name"), keepAlive, declared);
    if (r.segments().size() != 2 || !Hashes.isSha256(upload.sha256)) {
      reject(400, "the path must be /api/v1/data/<sha256 in lower-case hex>");
    } else if (upload.name != null && !Names.isFileName(upload.name)) {
      reject(400, "name '" + upload.name + "' is not a plain file name (1-128 of A-Z a-z 0-9 . _ + -, no folders)");
    } else if (declared > maxSize) {
      reject(413, "the upload is " + declared + " bytes, over the limit of " + maxSize);
    } else if (r.token() == null) {
      reject(401, "missing token: send Authorization: Bearer <token>");
    } else {
      ctx.channel().config().setAutoRead(false);
      verifier
          .verify(r.token())
          .whenComplete((p, err) -> ctx.executor().execute(() -> authenticated(req, p, err)));
    }
  }

  private void authenticated(HttpRequest req, Optional<Principal> p, Throwable err) {
    Upload u = upload;
    if (u == null || u.over) {
      return;
    }
    if (err != null) {
      reject(503, "the dispatcher is busy or recovering; retry");
      return;
    }
    if (p.isEmpty()) {
      reject(401, "unknown or wrong token");
      return;
    }
    if (p.get() instanceof Principal.User user && user.role() == Role.WORKER) {
      reject(403, "an enrolment token may not upload data");
      return;
    }
    u.owner = p.get().ownerKey();
    try {
      u.temp = repo.newTempFile();
      u.file = AsynchronousFileChannel.open(u.temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      log.error("Cannot open an upload file", e);
      reject(500, "cannot store the upload");
      return;
    }
    if (HttpUtil.is100ContinueExpected(req)) {
      u.ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
    u.ctx.channel().config().setAutoRead(true);
    pump();
  }

  private void onContent(HttpContent c) {
    Upload u = upload;
    if (u.over) {
      // rejected: drain and drop the rest of the body, then close (the answer said so)
      boolean last = c instanceof LastHttpContent;
      u.drained += c.content().readableBytes();
      c.release();
      if (last || u.drained > DRAIN_LIMIT) {
        upload = null;
        u.ctx.close();
      }
      return;
    }
    if (c instanceof LastHttpContent) {
      u.bodyEnded = true;
    }
    u.received += c.content().readableBytes();
    if (u.received > maxSize) {
      c.release();
      reject(413, "the upload is over the limit of " + maxSize + " bytes");
      return;
    }
    u.queue.add(c);
    if (u.queue.size() > MAX_QUEUED) {
      u.ctx.channel().config().setAutoRead(false);
    }
    if (u.file != null) {
      pump();
    }
  }

  /** Writes the next queued chunk, or finishes after the last one. */
  private void pump() {
    Upload u = upload;
    if (u == null || u.over || u.writing || u.file == null) {
      return;
    }
    HttpContent c = u.queue.poll();
    if (c == null) {
      if (u.lastSeen) {
        finish(u);
      } else {
        u.ctx.channel().config().setAutoRead(true);
      }
      return;
    }
    if (c instanceof LastHttpContent) {
      u.lastSeen = true;
    }
    ByteBuf buf = c.content();
    if (!buf.isReadable()) {
      c.release();
      pump();
      return;
    }
    ByteBuffer nio = buf.nioBuffer();
    u.digest.update(nio.duplicate());
    u.writing = true;
    write(u, c, nio);
  }

  private void write(Upload u, HttpContent c, ByteBuffer nio) {
    u.file.write(
        nio,
        u.written,
        null,
        new CompletionHandler<Integer, Void>() {
          @Override
          public void completed(Integer n, Void a) {
            u.ctx.executor().execute(() -> {
              u.written += n;
              if (nio.hasRemaining() && !u.over) {
                write(u, c, nio);
                return;
              }
              c.release();
              u.writing = false;
              pump();
            });
          }

          @Override
          public void failed(Throwable t, Void a) {
            u.ctx.executor().execute(() -> {
              c.release();
              u.writing = false;
              log.error("Upload write failed", t);
              reject(500, "cannot store the upload");
            });
          }
        });
  }

  private void finish(Upload u) {
    closeFile(u);
    String actual = Hashes.hex(u.digest.digest());
    if (u.declared >= 0 && u.declared != u.written) {
      reject(400, "the body is " + u.written + " bytes but Content-Length said " + u.declared);
      return;
    }
    if (!actual.equals(u.sha256)) {
      reject(400, "the body's sha256 is " + actual + ", not " + u.sha256 + ": nothing was stored");
      return;
    }
    DataRef ref = new DataRef(u.sha256, u.written, u.name == null ? u.sha256 : u.name);
    upload = null;
    repo.commit(u.sha256, u.temp, u.owner)
        .whenComplete(
            (created, err) ->
                u.ctx.executor().execute(() -> {
                  if (err != null) {
                    log.error("Cannot commit blob {}", u.sha256, err);
                    repo.discard(u.temp);
                    HttpResponses.error(u.ctx, 500, "cannot store the upload", false);
                  } else {
                    HttpResponses.json(u.ctx, created ? 201 : 200, ref, u.keepAlive);
                  }
                  u.ctx.channel().config().setAutoRead(true);
                }));
  }

  /** Answers an error, drops what was received and closes after the answer (the body may be unread). */
  private void reject(int status, String message) {
    Upload u = upload;
    u.over = true;
    u.queue.forEach(HttpContent::release);
    u.queue.clear();
    closeFile(u);
    if (u.temp != null) {
      repo.discard(u.temp);
    }
    if (u.bodyEnded) {
      HttpResponses.error(u.ctx, status, message, false);
    } else {
      HttpResponses.errorThenClose(u.ctx, status, message);
    }
    u.ctx.channel().config().setAutoRead(true);
  }

  private static void closeFile(Upload u) {
    if (u.file != null) {
      try {
        u.file.close();
      } catch (IOException ignored) {
        // nothing more to do with it
      }
      u.file = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (upload != null && !upload.over) {
      upload.over = true;
      upload.queue.forEach(HttpContent::release);
      closeFile(upload);
      if (upload.temp != null) {
        repo.discard(upload.temp);
      }
    }
    upload = null;
    ctx.fireChannelInactive();
  }
}
