package org.tern.core.tls;

import java.lang.reflect.Method;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLSession;

/** The JDK's own keying-material exporter (Java 25+), for the client side of tests. */
final class JdkExport {
    private JdkExport() {
    }

    /** RFC 9266 tls-exporter as the JDK computes it, or null when this JDK has no exporter. */
    static byte[] tlsExporter(SSLSession session) throws Exception {
        Method export;
        try {
            export = ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class, byte[].class,
                    int.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
        return (byte[]) export.invoke(session, "EXPORTER-Channel-Binding", new byte[0], 32);
    }
}
