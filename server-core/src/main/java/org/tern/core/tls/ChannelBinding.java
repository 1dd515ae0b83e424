package org.tern.core.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Channel-binding data for SCRAM-*-PLUS (RFC 5802 §6, XEP-0440). */
public final class ChannelBinding {
    static final String EXPORTER_LABEL = "EXPORTER-Channel-Binding";
    static final int EXPORTER_LENGTH = 32;

    /** ExtendedSSLSession.exportKeyingMaterialData(String, byte[], int), present from Java 25. */
    private static final Method JDK_EXPORT = jdkExport();

    private ChannelBinding() {
    }

    /**
     * RFC 5929 §4.1 tls-server-end-point data for the server's certificate: the hash of its DER
     * encoding with the hash of its signature algorithm, SHA-256 when that is MD5 or SHA-1. Null
     * when RFC 5929 leaves it undefined: a signature algorithm with no single hash (Ed25519, Ed448)
     * or one not known here.
     */
    public static byte[] tlsServerEndPoint(X509Certificate serverCertificate) {
        try {
            byte[] der = serverCertificate.getEncoded();
            AlgorithmIdentifier signature = Certificate.getInstance(der).getSignatureAlgorithm();
            ASN1ObjectIdentifier oid = signature.getAlgorithm();
            if (EdECObjectIdentifiers.id_Ed25519.equals(oid) || EdECObjectIdentifiers.id_Ed448.equals(oid)) {
                return null;
            }
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            if (digest == null) {
                return null;
            }
            ASN1ObjectIdentifier digestOid = digest.getAlgorithm();
            if (PKCSObjectIdentifiers.md5.equals(digestOid) || OIWObjectIdentifiers.idSHA1.equals(digestOid)) {
                digest = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
            }
            DigestCalculator calculator = new JcaDigestCalculatorProviderBuilder().build().get(digest);
            try (OutputStream out = calculator.getOutputStream()) {
                out.write(der);
            }
            return calculator.getDigest();
        } catch (CertificateEncodingException | OperatorCreationException | IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * RFC 9266 tls-exporter (label "EXPORTER-Channel-Binding", empty context, 32 bytes) for a
     * TLS 1.3 session, or null when the engine cannot export keying material.
     *
     * <p>Ask once the handshake is done. Works with the OpenSSL engines of
     * {@link TlsContexts#server} (see {@link OpenSslExporterSecrets}: the value must first be asked
     * for within 10 minutes of the handshake, and is then kept for the engine's life), and with the
     * JDK engine on Java 25 and later. The JDK engine on Java 17 to 24 has no exporter: null. Null
     * also for TLS 1.2 (RFC 9266 would need the extended master secret, which neither provider
     * lets us check) and before the handshake is done.
     */
    public static byte[] tlsExporter(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            return OpenSslExporterSecrets.INSTANCE.channelBinding(openSsl);
        }
        SSLSession session = engine.getSession();
        if (JDK_EXPORT == null || !(session instanceof ExtendedSSLSession)
                || !"TLSv1.3".equals(session.getProtocol())) {
            return null;
        }
        try {
            return (byte[]) JDK_EXPORT.invoke(session, EXPORTER_LABEL, new byte[0], EXPORTER_LENGTH);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return null;
        }
    }

    private static Method jdkExport() {
        try {
            return ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class, byte[].class,
                    int.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
