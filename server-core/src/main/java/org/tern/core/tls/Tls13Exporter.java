package org.tern.core.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.3 exporter of RFC 8446 §7.5, computed from the exporter_master_secret:
 * {@code HKDF-Expand-Label(Derive-Secret(secret, label, ""), "exporter", Hash(context), length)}.
 * The hash is the cipher suite's, known from the secret's length (32: SHA-256, 48: SHA-384).
 */
final class Tls13Exporter {
    private Tls13Exporter() {
    }

    static byte[] export(byte[] exporterMasterSecret, String label, byte[] context, int length) {
        String mac;
        String digest;
        switch (exporterMasterSecret.length) {
            case 32 -> {
                mac = "HmacSHA256";
                digest = "SHA-256";
            }
            case 48 -> {
                mac = "HmacSHA384";
                digest = "SHA-384";
            }
            default -> throw new IllegalArgumentException("exporter secret of " + exporterMasterSecret.length
                    + " bytes matches no TLS 1.3 hash");
        }
        try {
            MessageDigest md = MessageDigest.getInstance(digest);
            byte[] emptyHash = md.digest();
            byte[] derived = expandLabel(mac, exporterMasterSecret, label, emptyHash, exporterMasterSecret.length);
            return expandLabel(mac, derived, "exporter", md.digest(context), length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS 1.3 exporter: " + e, e);
        }
    }

    /** HKDF-Expand-Label of RFC 8446 §7.1. */
    static byte[] expandLabel(String mac, byte[] secret, String label, byte[] context, int length)
            throws GeneralSecurityException {
        byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + fullLabel.length + 1 + context.length];
        int i = 0;
        info[i++] = (byte) (length >>> 8);
        info[i++] = (byte) length;
        info[i++] = (byte) fullLabel.length;
        System.arraycopy(fullLabel, 0, info, i, fullLabel.length);
        i += fullLabel.length;
        info[i++] = (byte) context.length;
        System.arraycopy(context, 0, info, i, context.length);
        return hkdfExpand(mac, secret, info, length);
    }

    /** HKDF-Expand of RFC 5869 §2.3. */
    static byte[] hkdfExpand(String mac, byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        Mac hmac = Mac.getInstance(mac);
        hmac.init(new SecretKeySpec(prk, mac));
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        for (int pos = 0, counter = 1; pos < length; counter++) {
            hmac.update(t);
            hmac.update(info);
            hmac.update((byte) counter);
            t = hmac.doFinal();
            int n = Math.min(t.length, length - pos);
            System.arraycopy(t, 0, out, pos, n);
            pos += n;
        }
        return out;
    }
}
