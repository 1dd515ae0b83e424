package org.tern.core.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty server contexts for the client listeners.
 *
 * <p>One context serves STARTTLS and direct TLS alike. For STARTTLS (RFC 6120 §5.4.3.3) write
 * {@code <proceed/>}, then, in the same event-loop task, put {@code ctx.newHandler(alloc)} first
 * in the pipeline (startTls=false): the proceed is already past it, and the client's ClientHello
 * can only be read after it. For direct TLS (XEP-0368) the handler is first from the start; ALPN
 * "xmpp-client" is selected when the client offers it, and a client that offers no ALPN, or only
 * other protocols, is served all the same (RFC 7301 §3.2 allows not selecting).
 */
public final class TlsContexts {
    /** XEP-0368 §4: the ALPN protocol id of client-to-server XMPP. */
    public static final String ALPN_XMPP_CLIENT = "xmpp-client";

    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);
    private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(Protocol.ALPN,
            SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, ALPN_XMPP_CLIENT);
    private static volatile String lastLogged;

    private TlsContexts() {
    }

    /**
     * Server SslContext from the credentials: OpenSSL (netty-tcnative) when available and
     * preferred, else the JDK provider. Logs which provider, once until it changes.
     */
    public static SslContext server(TlsCredentials credentials, TlsOptions options) throws TlsConfigException {
        for (String old : List.of("SSLv3", "TLSv1", "TLSv1.1")) {
            if (options.protocols().contains(old)) {
                log.warn("TLS protocol {} is enabled; RFC 8996 forbids it", old);
            }
        }
        boolean openSsl = options.preferOpenSsl() && OpenSsl.isAvailable();
        SslProvider provider = openSsl ? SslProvider.OPENSSL : SslProvider.JDK;
        SslContext context;
        try {
            context = SslContextBuilder
                    .forServer(credentials.key(), credentials.chain().toArray(new X509Certificate[0]))
                    .sslProvider(provider)
                    .protocols(options.protocols())
                    .ciphers(options.ciphers(), SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(ALPN)
                    .clientAuth(ClientAuth.NONE)
                    .startTls(false)
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException(null, null, "cannot set up TLS with the " + provider + " provider: "
                    + e.getMessage(), e);
        }
        checkOffered(context, options);
        if (context instanceof ReferenceCountedOpenSslContext openSslContext
                && !OpenSslExporterSecrets.install(openSslContext)) {
            log.warn("Cannot set the OpenSSL key-log callback: no tls-exporter channel binding with this provider");
        }
        String name = providerName(context);
        logOnce(options.preferOpenSsl() && !openSsl
                ? name + " (OpenSSL is not available: " + OpenSsl.unavailabilityCause() + ")" : name);
        return context;
    }

    /** Which provider the context uses, for the start-up log: "OpenSSL (BoringSSL)" or "JDK". */
    public static String providerName(SslContext ctx) {
        if (ctx instanceof ReferenceCountedOpenSslContext) {
            String version = OpenSsl.versionString();
            return version != null && version.contains("BoringSSL") ? "OpenSSL (BoringSSL)"
                    : "OpenSSL (" + version + ")";
        }
        if (ctx instanceof JdkSslContext) {
            return "JDK";
        }
        return ctx.getClass().getSimpleName();
    }

    /** Fails when the provider enables none of the wanted versions or suites; warns about the ones it lacks. */
    private static void checkOffered(SslContext context, TlsOptions options) throws TlsConfigException {
        SSLEngine engine;
        try {
            engine = context.newEngine(ByteBufAllocator.DEFAULT);
        } catch (RuntimeException e) {
            throw new TlsConfigException(null, null, "the " + providerName(context) + " TLS provider refuses "
                    + options.protocols() + ": " + e.getMessage(), e);
        }
        try {
            List<String> enabled = Arrays.asList(engine.getEnabledProtocols());
            List<String> missing = new ArrayList<>(options.protocols());
            missing.removeAll(enabled);
            if (missing.size() == options.protocols().size()) {
                throw new TlsConfigException(null, null, "the " + providerName(context)
                        + " TLS provider enables none of the protocols " + options.protocols());
            }
            if (!missing.isEmpty()) {
                log.warn("The {} TLS provider does not enable {}; offering {}", providerName(context), missing, enabled);
            }
            if (context.cipherSuites().isEmpty()) {
                throw new TlsConfigException(null, null, "the " + providerName(context)
                        + " TLS provider supports none of the cipher suites " + options.ciphers());
            }
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }

    private static void logOnce(String what) {
        if (!what.equals(lastLogged)) {
            lastLogged = what;
            log.info("TLS provider: {}", what);
        }
    }
}
