package org.tern.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits an XMPP stream into its top-level pieces without building a tree: the stream header
 * ({@link Header}), each child of the root as a String, and the root's end ({@link #CLOSE}).
 *
 * <p>A load generator only needs to recognise a few stanzas, so a full parser per connection
 * (tens of KiB of reader state for 50,000 connections) is not worth it: this scanner keeps a few
 * ints, and the cumulation buffer is released whenever a stanza has been consumed whole. It
 * trusts the server to send well-formed XML (quotes in attributes, no CDATA with {@code <}).
 * One piece is emitted per decode call, so the handler can {@link #reset()} the scanner (stream
 * restart) before the next piece is looked at.
 */
public final class XmlFramer extends ByteToMessageDecoder {
    /** The stream root's start tag, as received. */
    public record Header(String tag) {
    }

    /** The server closed its stream. */
    public static final Object CLOSE = new Object() {
        @Override
        public String toString() {
            return "</stream:stream>";
        }
    };

    private final int maxElement;
    private int depth;
    private int scanned;        // bytes after readerIndex already scanned
    private boolean inTag;
    private boolean tagFirst;   // next byte is the first after '<'
    private boolean closeTag;
    private boolean declTag;
    private byte quote;
    private byte prev;

    public XmlFramer(int maxElement) {
        this.maxElement = maxElement;
    }

    /** Forgets the current stream: the next start tag at depth 0 is a new stream header. */
    public void reset() {
        depth = 0;
        inTag = false;
        quote = 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        for (int i = start + scanned; i < end; i++) {
            byte b = in.getByte(i);
            if (!inTag) {
                if (b == '<') {
                    inTag = true;
                    tagFirst = true;
                    closeTag = false;
                    declTag = false;
                    if (depth <= 1 && i > in.readerIndex()) {
                        in.readerIndex(i); // drop whitespace keepalives and the prolog's leftovers
                    }
                } else if (depth <= 1) {
                    in.readerIndex(i + 1);
                }
                prev = b;
                continue;
            }
            if (quote != 0) {
                if (b == quote) {
                    quote = 0;
                }
                prev = b;
                continue;
            }
            if (tagFirst) {
                tagFirst = false;
                closeTag = b == '/';
                declTag = b == '?' || b == '!';
            }
            if (b == '"' || b == '\'') {
                quote = b;
            } else if (b == '>') {
                inTag = false;
                boolean selfClosing = prev == '/';
                prev = b;
                if (declTag) {
                    if (depth == 0) {
                        in.readerIndex(i + 1);
                    }
                    continue;
                }
                if (closeTag) {
                    depth--;
                    if (depth == 0) {
                        in.readerIndex(i + 1);
                        scanned = 0;
                        out.add(CLOSE);
                        return;
                    }
                    if (depth == 1) {
                        emit(in, i, out);
                        return;
                    }
                } else if (selfClosing) {
                    if (depth == 1) {
                        emit(in, i, out);
                        return;
                    }
                } else {
                    depth++;
                    if (depth == 1) {
                        String tag = in.toString(in.readerIndex(), i + 1 - in.readerIndex(), StandardCharsets.UTF_8);
                        in.readerIndex(i + 1);
                        scanned = 0;
                        out.add(new Header(tag));
                        return;
                    }
                }
                continue;
            }
            prev = b;
        }
        scanned = end - in.readerIndex();
        if (scanned > maxElement) {
            throw new DecoderException("element larger than " + maxElement + " bytes");
        }
    }

    private void emit(ByteBuf in, int last, List<Object> out) {
        int from = in.readerIndex();
        out.add(in.toString(from, last + 1 - from, StandardCharsets.UTF_8));
        in.readerIndex(last + 1);
        scanned = 0;
    }
}
