package org.tern.core.tls;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.KeyLogCallback;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tls-exporter (RFC 9266) for OpenSSL engines.
 *
 * <p>netty-tcnative has no binding for {@code SSL_export_keying_material}, but it does pass the
 * handshake's secrets to a key-log callback set on the SSL_CTX (the NSS key-log lines, as for
 * SSLKEYLOGFILE). Of those lines only {@code EXPORTER_SECRET} is read: for a TLS 1.3 handshake it
 * carries the exporter_master_secret, from which the channel binding is derived at once
 * ({@link Tls13Exporter}); the secret itself is then wiped and nothing is logged or written.
 *
 * <p>The callback knows the connection only by its native SSL pointer, so bindings wait here
 * keyed by pointer together with the handshake's client random, which is checked against the
 * engine when it asks (a pointer can be reused by a later connection). A binding nobody asks for
 * is dropped after {@link #UNCLAIMED_TTL_NANOS}; one that was asked for stays with its engine.
 */
final class OpenSslExporterSecrets implements KeyLogCallback {
    static final OpenSslExporterSecrets INSTANCE = new OpenSslExporterSecrets();
    static final long UNCLAIMED_TTL_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final byte[] PREFIX = "EXPORTER_SECRET ".getBytes(StandardCharsets.US_ASCII);
    private static final int SWEEP_EVERY = 256;
    private static final Logger log = LoggerFactory.getLogger(OpenSslExporterSecrets.class);
    private static final Field CONTEXT_HANDLE = contextHandle();

    private record Pending(byte[] clientRandom, byte[] binding, long createdNanos) {
    }

    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<ReferenceCountedOpenSslEngine, byte[]> claimed = Collections.synchronizedMap(new WeakHashMap<>());
    private final AtomicInteger sinceSweep = new AtomicInteger();

    OpenSslExporterSecrets() {
    }

    /**
     * Sets the key-log callback on the context; whether its handshakes now feed tls-exporter.
     *
     * <p>tcnative's {@code SSLContext.setKeyLogCallback} takes tcnative's own context handle, which
     * Netty 4.1 keeps in the protected field {@code ReferenceCountedOpenSslContext.ctx} and exposes
     * through no public method ({@code context()} and {@code sslCtxPointer()} both return the
     * SSL_CTX pointer). The field is read by reflection and used only when it yields exactly the
     * SSL_CTX pointer Netty reports, as Netty's own {@code sslCtxPointer()} derives it; otherwise
     * nothing is set and tls-exporter is unavailable. ({@code sslCtxPointer()} is deprecated as
     * unsafe to dereference; it is only compared here.)
     */
    @SuppressWarnings("deprecation")
    static boolean install(ReferenceCountedOpenSslContext context) {
        if (CONTEXT_HANDLE == null) {
            return false;
        }
        long handle;
        try {
            handle = CONTEXT_HANDLE.getLong(context);
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
        if (handle == 0 || SSLContext.getSslCtx(handle) != context.sslCtxPointer()) {
            return false;
        }
        return SSLContext.setKeyLogCallback(handle, INSTANCE);
    }

    private static Field contextHandle() {
        try {
            Field f = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
            if (f.getType() != long.class) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            // a Netty without the field, or one on the module path that does not open it
            log.debug("No tcnative context handle: tls-exporter unavailable with OpenSSL", e);
            return null;
        }
    }

    @Override
    public void handle(long ssl, byte[] line) {
        // runs inside the native handshake on the event loop: quick, and never throws
        try {
            if (!startsWith(line, PREFIX)) {
                return;
            }
            int randomStart = PREFIX.length;
            int space = indexOf(line, (byte) ' ', randomStart);
            if (space < 0) {
                return;
            }
            int end = line.length;
            while (end > space + 1 && (line[end - 1] == '\n' || line[end - 1] == '\r' || line[end - 1] == 0)) {
                end--;
            }
            byte[] clientRandom = hex(line, randomStart, space);
            byte[] secret = hex(line, space + 1, end);
            if (clientRandom == null || secret == null || (secret.length != 32 && secret.length != 48)) {
                return;
            }
            try {
                byte[] binding = Tls13Exporter.export(secret, ChannelBinding.EXPORTER_LABEL, new byte[0],
                        ChannelBinding.EXPORTER_LENGTH);
                pending.put(ssl, new Pending(clientRandom, binding, System.nanoTime()));
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            if (sinceSweep.incrementAndGet() >= SWEEP_EVERY) {
                sinceSweep.set(0);
                sweep(System.nanoTime());
            }
        } catch (RuntimeException e) {
            log.debug("Key-log line not usable for tls-exporter", e);
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    /** The tls-exporter binding of the engine's TLS 1.3 handshake, or null. */
    byte[] channelBinding(ReferenceCountedOpenSslEngine engine) {
        if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
            return null;
        }
        byte[] done = claimed.get(engine);
        if (done != null) {
            return done.clone();
        }
        long ssl;
        byte[] clientRandom;
        synchronized (engine) {
            // the engine frees its SSL under this lock, so the pointer stays valid while we read
            ssl = engine.sslPointer();
            if (ssl == 0) {
                return null;
            }
            clientRandom = SSL.getClientRandom(ssl);
        }
        Pending p = pending.get(ssl);
        if (p == null || !Arrays.equals(p.clientRandom(), clientRandom)) {
            return null;
        }
        pending.remove(ssl, p);
        claimed.put(engine, p.binding());
        return p.binding().clone();
    }

    /** Drops unclaimed bindings older than the TTL. */
    void sweep(long nowNanos) {
        pending.values().removeIf(p -> nowNanos - p.createdNanos() > UNCLAIMED_TTL_NANOS);
    }

    int pendingCount() {
        return pending.size();
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        if (line == null || line.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] hex(byte[] a, int from, int to) {
        int n = to - from;
        if (n <= 0 || n % 2 != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(a[from + 2 * i], 16);
            int lo = Character.digit(a[from + 2 * i + 1], 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
