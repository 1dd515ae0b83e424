package org.tern.core.auth;

import org.tern.core.module.AccountDataPort;
import org.tern.core.module.ImportReport;
import org.tern.core.sasl.Scram;
import org.tern.core.sasl.ScramAlgorithm;
import org.tern.core.sasl.ScramCredential;
import org.tern.core.sasl.StoredCredentials;
import org.tern.core.xml.Element;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Credentials in XEP-0227 files (version 1.1, §4.3): {@code <scram-credentials
 * xmlns='urn:xmpp:pie:0#scram' mechanism='SCRAM-SHA-1'>} with iter-count, salt, server-key and
 * stored-key (base64), and the discouraged plaintext 'password' attribute of {@code <user/>},
 * which is turned into SCRAM credentials and never kept.
 */
public final class PieCredentials {
    public static final String SCRAM_NS = AccountDataPort.PIE_NS + "#scram";
    public static final String ELEMENT = "scram-credentials";

    private PieCredentials() {
    }

    /** One {@code <scram-credentials/>} per stored algorithm. */
    public static List<Element> export(StoredCredentials stored) {
        List<Element> out = new ArrayList<>(2);
        Base64.Encoder b64 = Base64.getEncoder();
        for (ScramCredential c : new EnumMap<>(stored.credentials()).values()) {
            out.add(Element.builder(ELEMENT, SCRAM_NS).attr("mechanism", c.algorithm().mechanismName())
                    .textChild("iter-count", Integer.toString(c.iterations()))
                    .textChild("salt", b64.encodeToString(c.salt()))
                    .textChild("server-key", b64.encodeToString(c.serverKey()))
                    .textChild("stored-key", b64.encodeToString(c.storedKey()))
                    .build());
        }
        return out;
    }

    /**
     * The credentials of an imported {@code <user/>}: SCRAM data as it is, and a plaintext password
     * derived (with {@code iterations}) for every algorithm the SCRAM data lacks. Costly when
     * there is a password: call it off the database transaction.
     */
    public static Map<ScramAlgorithm, ScramCredential> parse(Element user, int iterations, ImportReport report)
            throws ImportReport.Rejected {
        Map<ScramAlgorithm, ScramCredential> out = new EnumMap<>(ScramAlgorithm.class);
        for (Element e : user.children(ELEMENT, SCRAM_NS)) {
            String mechanism = e.attr("mechanism");
            ScramAlgorithm alg = algorithm(mechanism);
            if (alg == null) {
                report.note(e, "SCRAM data for " + (mechanism == null ? "no mechanism" : mechanism)
                        + " ignored: Tern keeps SCRAM-SHA-1 and SCRAM-SHA-256");
                continue;
            }
            if (out.containsKey(alg)) {
                throw new ImportReport.Rejected(e, "two <scram-credentials/> for " + mechanism
                        + " (XEP-0227 §4.3: each mechanism once)");
            }
            out.put(alg, scram(e, alg, report));
        }
        String password = user.attr("password");
        if (password != null && !password.isEmpty()) {
            String prepared;
            try {
                prepared = Scram.preparePassword(password);
            } catch (IllegalArgumentException ex) {
                throw new ImportReport.Rejected(null, "password not acceptable: " + ex.getMessage());
            }
            for (ScramAlgorithm alg : ScramAlgorithm.values()) {
                out.computeIfAbsent(alg, a -> Scram.derive(a, prepared, iterations));
            }
        }
        if (out.isEmpty()) {
            throw new ImportReport.Rejected(null,
                    "no credentials: neither a 'password' attribute nor SCRAM-SHA-1 or SCRAM-SHA-256 data");
        }
        return out;
    }

    private static ScramAlgorithm algorithm(String mechanism) {
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            if (a.mechanismName().equals(mechanism)) {
                return a;
            }
        }
        return null;
    }

    private static ScramCredential scram(Element e, ScramAlgorithm alg, ImportReport report) throws ImportReport.Rejected {
        String count = single(e, "iter-count");
        if (!count.matches("[1-9][0-9]{0,9}")) {
            throw new ImportReport.Rejected(e, "iter-count '" + count + "' is not a positive integer");
        }
        long iterations = Long.parseLong(count);
        if (iterations > Integer.MAX_VALUE) {
            throw new ImportReport.Rejected(e, "iter-count " + count + " is too large");
        }
        byte[] salt = base64(e, "salt");
        byte[] serverKey = base64(e, "server-key");
        byte[] storedKey = base64(e, "stored-key");
        if (serverKey.length != alg.keyLength() || storedKey.length != alg.keyLength()) {
            // ejabberd 23.01 (export_piefxis) encodes its already base64 values once more.
            byte[] inner = unwrap(serverKey);
            byte[] innerStored = unwrap(storedKey);
            byte[] innerSalt = unwrap(salt);
            if (inner == null || innerStored == null || innerSalt == null
                    || inner.length != alg.keyLength() || innerStored.length != alg.keyLength()) {
                throw new ImportReport.Rejected(e, alg.mechanismName() + " keys must be " + alg.keyLength()
                        + " bytes (base64), not " + serverKey.length + " and " + storedKey.length);
            }
            report.note(e, alg.mechanismName() + " values were base64-encoded twice (as ejabberd 23.01 writes them): decoded twice");
            serverKey = inner;
            storedKey = innerStored;
            salt = innerSalt;
        }
        if (salt.length == 0) {
            throw new ImportReport.Rejected(e, "empty salt");
        }
        if (iterations < Scram.MIN_ITERATIONS) {
            report.note(e, alg.mechanismName() + " data has only " + iterations + " iterations (RFC 7677 asks for "
                    + Scram.MIN_ITERATIONS + "): kept; a password change strengthens it");
        }
        return new ScramCredential(alg, salt, (int) iterations, storedKey, serverKey);
    }

    private static String single(Element e, String name) throws ImportReport.Rejected {
        List<Element> found = e.children(name, SCRAM_NS);
        if (found.size() != 1) {
            throw new ImportReport.Rejected(e, "<scram-credentials/> needs exactly one <" + name + "/>, found " + found.size());
        }
        return found.get(0).text().strip();
    }

    private static byte[] base64(Element e, String name) throws ImportReport.Rejected {
        String text = single(e, name).replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException ex) {
            throw new ImportReport.Rejected(e, "<" + name + "/> is not base64: " + ex.getMessage());
        }
    }

    /** The bytes a base64 text decodes to, or null when the bytes are not base64 text. */
    private static byte[] unwrap(byte[] maybeText) {
        try {
            return Base64.getDecoder().decode(new String(maybeText, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
