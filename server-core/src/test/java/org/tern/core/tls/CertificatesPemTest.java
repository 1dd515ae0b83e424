package org.tern.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesPemTest {
    private static final char[] PASSWORD = "s3cret-pässword".toCharArray();

    @TempDir
    Path dir;

    private Path cert(KeyPair pair) throws Exception {
        return TestPki.writeCerts(dir.resolve("cert.pem"), TestPki.selfSigned(pair, "xmpp.example.org",
                "xmpp.example.org"));
    }

    private static void assertLoadedKey(KeyPair expected, TlsCredentials loaded) {
        assertEquals(expected.getPrivate().getAlgorithm(), loaded.key().getAlgorithm());
        if (expected.getPrivate() instanceof ECPrivateKey ec) {
            assertEquals(ec.getS(), ((ECPrivateKey) loaded.key()).getS());
        } else {
            RSAPrivateKey rsa = (RSAPrivateKey) expected.getPrivate();
            assertEquals(rsa.getModulus(), ((RSAPrivateKey) loaded.key()).getModulus());
            assertEquals(rsa.getPrivateExponent(), ((RSAPrivateKey) loaded.key()).getPrivateExponent());
        }
        assertEquals(expected.getPublic(), loaded.certificate().getPublicKey());
    }

    @Test
    void rsaPkcs8() throws Exception {
        KeyPair pair = TestPki.rsa();
        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), pair.getPrivate());
        assertTrue(Files.readString(key).contains("-----BEGIN PRIVATE KEY-----"));
        assertLoadedKey(pair, Certificates.loadPem(cert(pair), key, null));
    }

    @Test
    void rsaPkcs1() throws Exception {
        KeyPair pair = TestPki.rsa();
        Path key = TestPki.writeTraditional(dir.resolve("key.pem"), pair.getPrivate());
        assertTrue(Files.readString(key).contains("-----BEGIN RSA PRIVATE KEY-----"));
        assertLoadedKey(pair, Certificates.loadPem(cert(pair), key, null));
    }

    @Test
    void ecPkcs8() throws Exception {
        KeyPair pair = TestPki.ec();
        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), pair.getPrivate());
        assertLoadedKey(pair, Certificates.loadPem(cert(pair), key, null));
    }

    @Test
    void ecSec1() throws Exception {
        KeyPair pair = TestPki.ec();
        Path key = TestPki.writeSec1(dir.resolve("key.pem"), pair);
        assertTrue(Files.readString(key).contains("-----BEGIN EC PRIVATE KEY-----"));
        assertLoadedKey(pair, Certificates.loadPem(cert(pair), key, null));
    }

    @Test
    void encryptedPkcs8RsaAndEc() throws Exception {
        for (KeyPair pair : List.of(TestPki.rsa(), TestPki.ec())) {
            Path key = TestPki.writeEncryptedPkcs8(dir.resolve("key.pem"), pair.getPrivate(), PASSWORD);
            assertTrue(Files.readString(key).contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
            assertLoadedKey(pair, Certificates.loadPem(cert(pair), key, PASSWORD));
        }
    }

    @Test
    void legacyEncryptedPem() throws Exception {
        KeyPair pair = TestPki.rsa();
        Path key = TestPki.writeLegacyEncrypted(dir.resolve("key.pem"), pair.getPrivate(), PASSWORD);
        assertTrue(Files.readString(key).contains("Proc-Type: 4,ENCRYPTED"));
        assertLoadedKey(pair, Certificates.loadPem(cert(pair), key, PASSWORD));
    }

    @Test
    void encryptedKeyWithWrongOrNoPassword() throws Exception {
        KeyPair pair = TestPki.ec();
        Path cert = cert(pair);
        Path key = TestPki.writeEncryptedPkcs8(dir.resolve("key.pem"), pair.getPrivate(), PASSWORD);
        TlsConfigException wrong = assertThrows(TlsConfigException.class,
                () -> Certificates.loadPem(cert, key, "nope".toCharArray()));
        assertTrue(wrong.getMessage().startsWith("tls.key: " + key + ": cannot decrypt the private key (wrong key password?)"),
                wrong.getMessage());
        TlsConfigException none = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(cert, key, null));
        assertEquals("tls.key: " + key + ": the private key is encrypted and no key password is set", none.getMessage());
    }

    @Test
    void chainWithIntermediateKeepsOrderEndEntityFirst() throws Exception {
        TestPki.Chain c = TestPki.chain(TestPki.ec());
        Path chain = TestPki.writeCerts(dir.resolve("fullchain.pem"), c.leaf(), c.intermediate());
        Path key = TestPki.writePkcs8(dir.resolve("privkey.pem"), c.leafKey().getPrivate());
        TlsCredentials creds = Certificates.loadPem(chain, key, null);
        assertEquals(List.of(c.leaf(), c.intermediate()), creds.chain());
        assertEquals(c.leaf(), creds.certificate());
        assertEquals(List.of("xmpp.example.org", "conference.example.org"), creds.dnsNames());
    }

    @Test
    void keyAndChainInOneFile() throws Exception {
        TestPki.Chain c = TestPki.chain(TestPki.rsa());
        Path both = dir.resolve("combined.pem");
        TestPki.writeCerts(dir.resolve("chain.pem"), c.leaf(), c.intermediate());
        TestPki.writeTraditional(dir.resolve("key.pem"), c.leafKey().getPrivate());
        Files.writeString(both, Files.readString(dir.resolve("key.pem")) + Files.readString(dir.resolve("chain.pem")));
        TlsCredentials creds = Certificates.loadPem(both, both, null);
        assertEquals(2, creds.chain().size());
        assertLoadedKey(c.leafKey(), creds);
    }

    @Test
    void keyOfAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
        KeyPair pair = TestPki.ec();
        Path cert = cert(pair);
        Path key = TestPki.writePkcs8(dir.resolve("other-key.pem"), TestPki.ec().getPrivate());
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(cert, key, null));
        assertEquals("tls.key: " + key + ": the private key (EC) does not match the certificate"
                + " (CN=xmpp.example.org, EC key) in " + cert, e.getMessage());
    }

    @Test
    void keyOfAnotherTypeIsRefused() throws Exception {
        Path cert = cert(TestPki.ec());
        Path key = TestPki.writePkcs8(dir.resolve("rsa-key.pem"), TestPki.rsa().getPrivate());
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(cert, key, null));
        assertTrue(e.getMessage().contains("the private key (RSA) does not match the certificate (CN=xmpp.example.org, EC key)"),
                e.getMessage());
    }

    @Test
    void chainInWrongOrderIsRefused() throws Exception {
        TestPki.Chain c = TestPki.chain(TestPki.ec());
        Path chain = TestPki.writeCerts(dir.resolve("chain.pem"), c.intermediate(), c.leaf());
        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), c.leafKey().getPrivate());
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(chain, key, null));
        assertTrue(e.getMessage().contains("belongs to certificate 2 (CN=xmpp.example.org)"), e.getMessage());
        assertTrue(e.getMessage().contains("must come first"), e.getMessage());
    }

    @Test
    void garbageKeyFileIsNamed() throws Exception {
        Path cert = cert(TestPki.ec());
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "this is not a key\n-----BEGIN NONSENSE-----\nAAAA\n-----END NONSENSE-----\n");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(cert, key, null));
        assertEquals("tls.key: " + key + ": cannot parse the PEM: unrecognised object: NONSENSE", e.getMessage());
        assertEquals(key, e.file());
        assertEquals("tls.key", e.setting());
    }

    @Test
    void textWithoutPemIsRefused() throws Exception {
        Path cert = cert(TestPki.ec());
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "hello\n");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(cert, key, null));
        assertEquals("tls.key: " + key + ": not a PEM file (no '-----BEGIN' line;"
                + " a binary DER file must be converted to PEM)", e.getMessage());
    }

    @Test
    void derKeyIsRefusedAsNotPem() throws Exception {
        KeyPair pair = TestPki.ec();
        Path cert = cert(pair);
        Path key = dir.resolve("key.der");
        Files.write(key, pair.getPrivate().getEncoded());
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(cert, key, null));
        assertTrue(e.getMessage().startsWith("tls.key: " + key + ": not a PEM file"), e.getMessage());
    }

    @Test
    void certificateFileGivenAsKey() throws Exception {
        Path cert = cert(TestPki.ec());
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(cert, cert, null));
        assertEquals("tls.key: " + cert + ": no private key found (expected PEM 'PRIVATE KEY', 'RSA PRIVATE KEY'"
                + " or 'EC PRIVATE KEY'); the file holds certificates only", e.getMessage());
    }

    @Test
    void keyFileGivenAsCertificate() throws Exception {
        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), TestPki.ec().getPrivate());
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(key, key, null));
        assertEquals("tls.cert: " + key + ": no certificate found (expected PEM 'CERTIFICATE');"
                + " the file holds a private key only", e.getMessage());
    }

    @Test
    void malformedBase64IsRefused() throws Exception {
        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), TestPki.ec().getPrivate());
        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n!!!notbase64!!!\n-----END CERTIFICATE-----\n");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(cert, key, null));
        assertTrue(e.getMessage().startsWith("tls.cert: " + cert + ": "), e.getMessage());
    }

    @Test
    void missingFiles() throws Exception {
        KeyPair pair = TestPki.ec();
        Path cert = cert(pair);
        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), pair.getPrivate());
        Path nowhere = dir.resolve("nope/missing.pem");
        TlsConfigException noKey = assertThrows(TlsConfigException.class,
                () -> Certificates.loadPem(cert, nowhere, null));
        assertEquals("tls.key: " + nowhere + ": file not found", noKey.getMessage());
        TlsConfigException noCert = assertThrows(TlsConfigException.class,
                () -> Certificates.loadPem(nowhere, key, null));
        assertEquals("tls.cert: " + nowhere + ": file not found", noCert.getMessage());
        TlsConfigException isDir = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(dir, key, null));
        assertEquals("tls.cert: " + dir + ": is a directory, not a file", isDir.getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        Path cert = cert(TestPki.ec());
        Path key = Files.createFile(dir.resolve("empty.pem"));
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> Certificates.loadPem(cert, key, null));
        assertTrue(e.getMessage().startsWith("tls.key: " + key + ": not a PEM file"), e.getMessage());
    }

    @Test
    void dnsNamesFallBackToCommonName() throws Exception {
        KeyPair pair = TestPki.ec();
        X509Certificate cnOnly = TestPki.selfSigned(pair, "XMPP.Example.COM");
        assertEquals(List.of("xmpp.example.com"), new TlsCredentials(pair.getPrivate(), List.of(cnOnly)).dnsNames());
        X509Certificate withSan = TestPki.selfSigned(pair, "ignored.example", "A.example", "b.example");
        assertEquals(List.of("a.example", "b.example"),
                new TlsCredentials(pair.getPrivate(), List.of(withSan)).dnsNames());
    }

    @Test
    void toStringDoesNotShowTheKey() throws Exception {
        KeyPair pair = TestPki.rsa();
        TlsCredentials creds = new TlsCredentials(pair.getPrivate(),
                List.of(TestPki.selfSigned(pair, "x.example", "x.example")));
        String s = creds.toString();
        RSAPrivateKey rsa = (RSAPrivateKey) pair.getPrivate();
        assertFalse(s.contains(rsa.getPrivateExponent().toString()), s);
        assertFalse(s.contains(rsa.getPrivateExponent().toString(16)), s);
        assertTrue(s.contains("x.example"), s);
    }

    @Test
    void credentialsNeedAChain() throws Exception {
        KeyPair pair = TestPki.ec();
        assertThrows(IllegalArgumentException.class, () -> new TlsCredentials(pair.getPrivate(), List.of()));
        assertThrows(NullPointerException.class, () -> new TlsCredentials(null,
                List.of(TestPki.selfSigned(pair, "x.example"))));
    }

    @Test
    void pemIsReadAsAscii() throws Exception {
        // a UTF-8 BOM or Latin-1 comment before the PEM block must not break loading
        KeyPair pair = TestPki.ec();
        Path cert = cert(pair);
        Path key = TestPki.writePkcs8(dir.resolve("key.pem"), pair.getPrivate());
        byte[] body = Files.readAllBytes(key);
        byte[] prefix = "\uFEFFclé du serveur\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        Files.write(key, all);
        assertLoadedKey(pair, Certificates.loadPem(cert, key, null));
    }
}
