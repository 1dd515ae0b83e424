package org.tern.config;

import org.tern.core.c2s.C2sSettings;
import org.tern.core.config.Config;
import org.tern.core.server.ServerSettings;
import org.tern.core.jid.Jid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks that involve more than one key, or the file system, before anything starts. */
final class CrossCheck {
    record Problem(String key, String message) {
    }

    private CrossCheck() {
    }

    static List<Problem> check(Config c) {
        List<Problem> out = new ArrayList<>();
        String domain = c.get(ServerSettings.DOMAIN);
        Jid d = Jid.parseOrNull(domain);
        if (d == null || !d.isDomain() || !d.domain().equals(domain)) {
            out.add(new Problem(ServerSettings.DOMAIN.key(), "'" + domain
                    + "' is not a valid, normalised domain (lower case, no '@' or '/')"));
        }
        String cert = c.get(ServerSettings.TLS_CERTIFICATE);
        String key = c.get(ServerSettings.TLS_KEY);
        String p12 = c.get(ServerSettings.TLS_PKCS12);
        if (!cert.isEmpty() && !p12.isEmpty()) {
            out.add(new Problem(ServerSettings.TLS_PKCS12.key(), "set either tls.pkcs12 or tls.certificate, not both"));
        }
        if (!cert.isEmpty() && key.isEmpty()) {
            out.add(new Problem(ServerSettings.TLS_CERTIFICATE.key(), "tls.key must be set with tls.certificate"));
        }
        if (cert.isEmpty() && !key.isEmpty()) {
            out.add(new Problem(ServerSettings.TLS_KEY.key(), "tls.certificate must be set with tls.key"));
        }
        if (!c.get(ServerSettings.LOAD_TESTING)) {
            if (c.get(C2sSettings.STARTTLS) != C2sSettings.StartTls.REQUIRED) {
                out.add(new Problem(C2sSettings.STARTTLS.key(), "optional TLS is for load tests only: "
                        + "set server.load-testing = true to allow it"));
            }
            if (c.get(C2sSettings.PLAIN_WITHOUT_TLS)) {
                out.add(new Problem(C2sSettings.PLAIN_WITHOUT_TLS.key(), "PLAIN without TLS is for load tests only: "
                        + "set server.load-testing = true to allow it"));
            }
        }
        readable(out, ServerSettings.TLS_CERTIFICATE.key(), cert);
        readable(out, ServerSettings.TLS_KEY.key(), key);
        readable(out, ServerSettings.TLS_PKCS12.key(), p12);
        return out;
    }

    private static void readable(List<Problem> out, String key, String file) {
        if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
            out.add(new Problem(key, file + ": file not found or not readable"));
        }
    }
}
