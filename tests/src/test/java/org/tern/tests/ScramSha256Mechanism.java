package org.tern.tests;

import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.security.cert.X509Certificate;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.CallbackHandler;

/**
 * SCRAM-SHA-256 and SCRAM-SHA-256-PLUS (RFC 7677, RFC 5802 §6) for Smack 4.4, which ships only
 * SCRAM-SHA-1 (and a SCRAM-SHA-1-PLUS it blacklists, because it hashes the certificate with the
 * key's algorithm name). An independent client written from the RFCs, so the server is checked
 * against something it does not share code with. The PLUS variant binds to the TLS channel with
 * tls-server-end-point (RFC 5929 §4.1).
 */
public class ScramSha256Mechanism extends SASLMechanism {
    public static final String NAME = "SCRAM-SHA-256";
    public static final String PLUS = "SCRAM-SHA-256-PLUS";

    private final boolean plus;
    private String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean verified;

    public ScramSha256Mechanism() {
        this(false);
    }

    public ScramSha256Mechanism(boolean plus) {
        this.plus = plus;
    }

    private String gs2Header() {
        return plus ? "p=tls-server-end-point,," : "n,,";
    }

    /** RFC 5929 §4.1: hash of the server certificate, SHA-256 for MD5/SHA-1 signatures. */
    protected byte[] channelBindingData() throws GeneralSecurityException, javax.net.ssl.SSLPeerUnverifiedException {
        X509Certificate cert = (X509Certificate) sslSession.getPeerCertificates()[0];
        String sig = cert.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
        String hash = sig.startsWith("SHA384") ? "SHA-384" : sig.startsWith("SHA512") ? "SHA-512" : "SHA-256";
        return MessageDigest.getInstance(hash).digest(cert.getEncoded());
    }

    @Override
    protected void authenticateInternal(CallbackHandler cbh) throws SmackSaslException {
        throw new SmackSaslException("callback handlers are not supported");
    }

    @Override
    protected byte[] getAuthenticationText() {
        byte[] r = new byte[18];
        new SecureRandom().nextBytes(r);
        clientNonce = Base64.getEncoder().encodeToString(r);
        clientFirstBare = "n=" + authenticationId.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return (gs2Header() + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
        String msg = new String(challenge, StandardCharsets.UTF_8);
        Map<Character, String> attrs = new HashMap<>();
        for (String part : msg.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') {
                attrs.put(part.charAt(0), part.substring(2));
            }
        }
        try {
            if (expectedServerSignature == null) {
                String nonce = attrs.get('r');
                if (nonce == null || !nonce.startsWith(clientNonce)) {
                    throw new SmackSaslException("server nonce does not extend ours");
                }
                byte[] salt = Base64.getDecoder().decode(attrs.get('s'));
                int iterations = Integer.parseInt(attrs.get('i'));
                SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
                byte[] salted = f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
                byte[] clientKey = hmac(salted, "Client Key");
                byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
                byte[] header = gs2Header().getBytes(StandardCharsets.UTF_8);
                byte[] cbind = header;
                if (plus) {
                    byte[] data = channelBindingData();
                    cbind = new byte[header.length + data.length];
                    System.arraycopy(header, 0, cbind, 0, header.length);
                    System.arraycopy(data, 0, cbind, header.length, data.length);
                }
                String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + nonce;
                String authMessage = clientFirstBare + "," + msg + "," + withoutProof;
                byte[] signature = hmac(storedKey, authMessage);
                byte[] proof = new byte[clientKey.length];
                for (int i = 0; i < proof.length; i++) {
                    proof[i] = (byte) (clientKey[i] ^ signature[i]);
                }
                expectedServerSignature = hmac(hmac(salted, "Server Key"), authMessage);
                return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
            }
            String v = attrs.get('v');
            if (v == null || !MessageDigest.isEqual(Base64.getDecoder().decode(v), expectedServerSignature)) {
                throw new SmackSaslException("server signature does not verify");
            }
            verified = true;
            return null;
        } catch (GeneralSecurityException | IllegalArgumentException | javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new SmackSaslException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String getName() {
        return plus ? PLUS : NAME;
    }

    @Override
    public int getPriority() {
        return plus ? 80 : 90;
    }

    @Override
    protected void checkIfSuccessfulOrThrow() throws SmackSaslException {
        if (!verified) {
            throw new SmackSaslException("the server did not prove it knows the password");
        }
    }

    @Override
    protected SASLMechanism newInstance() {
        return new ScramSha256Mechanism(plus);
    }
}
