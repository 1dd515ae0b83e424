package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Base64;

/** Parsers for the client's SCRAM messages, by the ABNF of RFC 5802 §7. */
final class ScramMessages {

    /** Longest client message accepted, in bytes; real ones are a few hundred. */
    static final int MAX_MESSAGE_BYTES = 8192;

    private ScramMessages() {
    }

    /** The gs2-cbind-flag. */
    enum CbFlag { N, Y, P }

    /**
     * A parsed client-first-message.
     *
     * @param gs2Header the header exactly as sent, e.g. {@code "n,,"}, for the c= check
     * @param cbType the channel binding type after "p=", else null
     * @param authzid unescaped, or null when absent
     * @param username unescaped saslname, not yet normalised
     * @param bare client-first-message-bare as sent, for the AuthMessage
     */
    record ClientFirst(String gs2Header, CbFlag flag, String cbType, String authzid, String username,
                       String clientNonce, String bare) {}

    /**
     * A parsed client-final-message.
     *
     * @param withoutProof client-final-message-without-proof as sent, for the AuthMessage
     */
    record ClientFinal(byte[] channelBinding, String nonce, byte[] proof, String withoutProof) {}

    static ClientFirst parseClientFirst(byte[] message) throws SaslException {
        String s = decodeScram(message);
        int pos;
        CbFlag flag;
        String cbType = null;
        if (s.startsWith("n,")) {
            flag = CbFlag.N;
            pos = 2;
        } else if (s.startsWith("y,")) {
            flag = CbFlag.Y;
            pos = 2;
        } else if (s.startsWith("p=")) {
            flag = CbFlag.P;
            int comma = s.indexOf(',', 2);
            if (comma < 0) {
                throw SaslException.malformed("Missing gs2 header");
            }
            cbType = s.substring(2, comma);
            if (!isCbName(cbType)) {
                throw SaslException.malformed("Invalid channel binding type name");
            }
            pos = comma + 1;
        } else {
            throw SaslException.malformed("Invalid gs2 header");
        }
        String authzid = null;
        if (s.startsWith("a=", pos)) {
            int comma = s.indexOf(',', pos + 2);
            if (comma < 0) {
                throw SaslException.malformed("Invalid gs2 header");
            }
            authzid = decodeSaslname(s.substring(pos + 2, comma));
            pos = comma + 1;
        } else if (s.startsWith(",", pos)) {
            pos++;
        } else {
            throw SaslException.malformed("Invalid gs2 header");
        }
        String gs2Header = s.substring(0, pos);
        String bare = s.substring(pos);

        String[] attrs = bare.split(",", -1);
        if (attrs[0].startsWith("m=")) {
            throw SaslException.malformed("Mandatory extensions are not supported");
        }
        if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=")) {
            throw SaslException.malformed("Expected n= and r= in client-first-message");
        }
        String username = decodeSaslname(attrs[0].substring(2));
        String nonce = attrs[1].substring(2);
        if (!isPrintable(nonce)) {
            throw SaslException.malformed("Invalid client nonce");
        }
        checkExtensions(attrs, 2, attrs.length);
        return new ClientFirst(gs2Header, flag, cbType, authzid, username, nonce, bare);
    }

    static ClientFinal parseClientFinal(byte[] message) throws SaslException {
        String s = decodeScram(message);
        String[] attrs = s.split(",", -1);
        if (attrs.length < 3 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")
                || !attrs[attrs.length - 1].startsWith("p=")) {
            throw SaslException.malformed("Expected c=, r= and p= in client-final-message");
        }
        checkExtensions(attrs, 2, attrs.length - 1);
        byte[] channelBinding = decodeBase64(attrs[0].substring(2));
        String nonce = attrs[1].substring(2);
        String proofAttr = attrs[attrs.length - 1];
        byte[] proof = decodeBase64(proofAttr.substring(2));
        String withoutProof = s.substring(0, s.length() - proofAttr.length() - 1);
        return new ClientFinal(channelBinding, nonce, proof, withoutProof);
    }

    /** Strict UTF-8 of bounded size, as SASL messages are (RFC 4422 §3.5). NUL allowed. */
    static String decodeUtf8(byte[] message) throws SaslException {
        if (message.length == 0) {
            throw SaslException.malformed("Empty message");
        }
        if (message.length > MAX_MESSAGE_BYTES) {
            throw SaslException.malformed("Message too long");
        }
        try {
            return UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message))
                    .toString();
        } catch (CharacterCodingException e) {
            throw SaslException.malformed("Invalid UTF-8");
        }
    }

    /** Strict UTF-8 without NUL, which no SCRAM message holds. */
    private static String decodeScram(byte[] message) throws SaslException {
        String s = decodeUtf8(message);
        if (s.indexOf('\0') >= 0) {
            throw SaslException.malformed("NUL in message");
        }
        return s;
    }

    /** saslname: "=2C" stands for ',' and "=3D" for '='; any other '=' is an error. Not empty. */
    static String decodeSaslname(String value) throws SaslException {
        if (value.isEmpty()) {
            throw SaslException.malformed("Empty name");
        }
        if (value.indexOf('=') < 0) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '=') {
                sb.append(c);
            } else if (value.startsWith("2C", i + 1)) {
                sb.append(',');
                i += 2;
            } else if (value.startsWith("3D", i + 1)) {
                sb.append('=');
                i += 2;
            } else {
                throw SaslException.malformed("Invalid escape in name");
            }
        }
        return sb.toString();
    }

    /**
     * Strict base64 (RFC 4648 §4, padded, canonical). The c= and p= values are never empty.
     */
    static byte[] decodeBase64(String value) throws SaslException {
        if (value.isEmpty() || value.length() % 4 != 0) {
            throw SaslException.malformed("Invalid base64");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw SaslException.malformed("Invalid base64");
        }
        if (!Base64.getEncoder().encodeToString(decoded).equals(value)) {
            throw SaslException.malformed("Invalid base64");
        }
        return decoded;
    }

    /**
     * Optional extensions (attr-val) are skipped; "m=" and attribute names SCRAM already uses are
     * refused.
     */
    private static void checkExtensions(String[] attrs, int from, int to) throws SaslException {
        for (int i = from; i < to; i++) {
            String a = attrs[i];
            if (a.length() < 3 || a.charAt(1) != '=' || !isAlpha(a.charAt(0))) {
                throw SaslException.malformed("Invalid attribute");
            }
            if ("anmrcsipve".indexOf(a.charAt(0)) >= 0) {
                throw SaslException.malformed(a.charAt(0) == 'm'
                        ? "Mandatory extensions are not supported" : "Unexpected attribute");
            }
        }
    }

    /** printable = %x21-2B / %x2D-7E, one or more. */
    private static boolean isPrintable(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** cb-name = 1*(ALPHA / DIGIT / "." / "-"). */
    private static boolean isCbName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
