package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SCRAM client written from RFC 5802 §3/§7 for the tests, independent of the server's code:
 * only JDK primitives (PBKDF2 from the JCA, where the server loops over its own HMAC).
 */
final class ScramTestClient {

    /** The RFC 5802 §5 example's salt, and RFC 7677 §3's. */
    static final byte[] RFC5802_SALT = Base64.getDecoder().decode("QSXCR+Q6sek8bf92");
    static final byte[] RFC7677_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    private final String hash;          // "SHA1" or "SHA256"
    private final String gs2Header;
    private final byte[] cbData;
    private final String password;
    final String clientNonce;
    final String clientFirstBare;

    private String serverFirst;
    private byte[] serverSignature;

    /**
     * @param hash "SHA1" or "SHA256"
     * @param gs2Header e.g. "n,,", "y,,", "p=tls-server-end-point,,", "n,a=user@example.org,"
     * @param cbData channel binding data appended in c= (only meaningful with "p=")
     * @param saslname the n= value as sent (already escaped)
     */
    ScramTestClient(String hash, String gs2Header, byte[] cbData, String saslname, String password,
                    String clientNonce) {
        this.hash = hash;
        this.gs2Header = gs2Header;
        this.cbData = cbData;
        this.password = password;
        this.clientNonce = clientNonce;
        this.clientFirstBare = "n=" + saslname + ",r=" + clientNonce;
    }

    private ScramTestClient(ScramTestClient base, String extraAttribute) {
        this.hash = base.hash;
        this.gs2Header = base.gs2Header;
        this.cbData = base.cbData;
        this.password = base.password;
        this.clientNonce = base.clientNonce;
        this.clientFirstBare = base.clientFirstBare + "," + extraAttribute;
    }

    /** The same client with an extension attribute (e.g. "x=ext") after the nonce in client-first. */
    ScramTestClient withFirstExtension(String attribute) {
        return new ScramTestClient(this, attribute);
    }

    static ScramTestClient sha1(String user, String password, String nonce) {
        return new ScramTestClient("SHA1", "n,,", new byte[0], user, password, nonce);
    }

    static ScramTestClient sha256(String user, String password, String nonce) {
        return new ScramTestClient("SHA256", "n,,", new byte[0], user, password, nonce);
    }

    byte[] clientFirst() {
        return (gs2Header + clientFirstBare).getBytes(UTF_8);
    }

    /** The server-first attributes r, s, i (and any others). */
    static Map<String, String> attributes(String message) {
        Map<String, String> attrs = new HashMap<>();
        for (String part : message.split(",")) {
            attrs.put(part.substring(0, 1), part.substring(2));
        }
        return attrs;
    }

    /** The correct client-final for this server-first. */
    byte[] clientFinal(byte[] serverFirstMessage) {
        String combinedNonce = attributes(new String(serverFirstMessage, UTF_8)).get("r");
        return clientFinal(serverFirstMessage, "c=" + channelBinding() + ",r=" + combinedNonce);
    }

    /** base64(gs2-header + cbind-data). */
    String channelBinding() {
        byte[] header = gs2Header.getBytes(UTF_8);
        byte[] input = new byte[header.length + cbData.length];
        System.arraycopy(header, 0, input, 0, header.length);
        System.arraycopy(cbData, 0, input, header.length, cbData.length);
        return Base64.getEncoder().encodeToString(input);
    }

    /** A client-final with any client-final-message-without-proof, and the proof it needs. */
    byte[] clientFinal(byte[] serverFirstMessage, String withoutProof) {
        serverFirst = new String(serverFirstMessage, UTF_8);
        Map<String, String> attrs = attributes(serverFirst);
        if (!attrs.get("r").startsWith(clientNonce)) {
            throw new AssertionError("server nonce does not extend ours: " + serverFirst);
        }
        byte[] salt = Base64.getDecoder().decode(attrs.get("s"));
        int iterations = Integer.parseInt(attrs.get("i"));
        try {
            byte[] salted = saltedPassword(hash, password, salt, iterations);
            byte[] clientKey = hmac(hash, salted, "Client Key".getBytes(UTF_8));
            byte[] storedKey = MessageDigest.getInstance(digestName(hash)).digest(clientKey);
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(UTF_8);
            byte[] clientSignature = hmac(hash, storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            byte[] serverKey = hmac(hash, salted, "Server Key".getBytes(UTF_8));
            serverSignature = hmac(hash, serverKey, authMessage);
            return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(UTF_8);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The server-final this client expects after its last client-final. */
    String expectedServerFinal() {
        return "v=" + Base64.getEncoder().encodeToString(serverSignature);
    }

    static byte[] saltedPassword(String hash, String password, byte[] salt, int iterations)
            throws GeneralSecurityException {
        int bits = hash.equals("SHA1") ? 160 : 256;
        return SecretKeyFactory.getInstance("PBKDF2WithHmac" + hash)
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, bits))
                .getEncoded();
    }

    static byte[] hmac(String hash, byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("Hmac" + hash);
        mac.init(new SecretKeySpec(key, "Hmac" + hash));
        return mac.doFinal(data);
    }

    static String digestName(String hash) {
        return hash.equals("SHA1") ? "SHA-1" : "SHA-256";
    }
}
