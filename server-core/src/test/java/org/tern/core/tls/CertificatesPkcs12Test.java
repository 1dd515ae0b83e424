package org.tern.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesPkcs12Test {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private Path store(KeyStore ks) throws Exception {
        Path file = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        return file;
    }

    private static KeyStore empty() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    @Test
    void oneKeyEntryWithItsChain() throws Exception {
        TestPki.Chain c = TestPki.chain(TestPki.ec());
        KeyStore ks = empty();
        ks.setKeyEntry("server", c.leafKey().getPrivate(), PASSWORD, new Certificate[] {c.leaf(), c.intermediate()});
        ks.setCertificateEntry("root", c.root());
        TlsCredentials creds = Certificates.loadPkcs12(store(ks), PASSWORD, null);
        // the JDK's PKCS#12 store completes a key entry's chain from the certificates it holds
        assertEquals(List.of(c.leaf(), c.intermediate(), c.root()), creds.chain());
        assertEquals(c.leafKey().getPublic(), creds.certificate().getPublicKey());
        assertEquals("EC", creds.key().getAlgorithm());
    }

    @Test
    void entryChosenByAlias() throws Exception {
        KeyPair a = TestPki.ec();
        KeyPair b = TestPki.rsa();
        X509Certificate certA = TestPki.selfSigned(a, "a.example", "a.example");
        X509Certificate certB = TestPki.selfSigned(b, "b.example", "b.example");
        KeyStore ks = empty();
        ks.setKeyEntry("first", a.getPrivate(), PASSWORD, new Certificate[] {certA});
        ks.setKeyEntry("second", b.getPrivate(), PASSWORD, new Certificate[] {certB});
        Path file = store(ks);

        assertEquals(certB, Certificates.loadPkcs12(file, PASSWORD, "second").certificate());
        assertEquals(certA, Certificates.loadPkcs12(file, PASSWORD, "FIRST").certificate());

        TlsConfigException noAlias = assertThrows(TlsConfigException.class,
                () -> Certificates.loadPkcs12(file, PASSWORD, null));
        assertTrue(noAlias.getMessage().startsWith("tls.keystore: " + file + ": more than one key entry"),
                noAlias.getMessage());
        assertTrue(noAlias.getMessage().contains("first") && noAlias.getMessage().contains("second"));

        TlsConfigException unknown = assertThrows(TlsConfigException.class,
                () -> Certificates.loadPkcs12(file, PASSWORD, "third"));
        assertTrue(unknown.getMessage().startsWith("tls.keystore: " + file + ": no key entry named 'third'"),
                unknown.getMessage());
    }

    @Test
    void wrongPassword() throws Exception {
        KeyPair pair = TestPki.ec();
        KeyStore ks = empty();
        ks.setKeyEntry("server", pair.getPrivate(), PASSWORD,
                new Certificate[] {TestPki.selfSigned(pair, "x.example", "x.example")});
        Path file = store(ks);
        TlsConfigException e = assertThrows(TlsConfigException.class,
                () -> Certificates.loadPkcs12(file, "wrong".toCharArray(), null));
        assertEquals("tls.keystore: " + file + ": wrong keystore password", e.getMessage());
    }

    @Test
    void storeWithoutKeyEntry() throws Exception {
        KeyStore ks = empty();
        ks.setCertificateEntry("ca", TestPki.selfSigned(TestPki.ec(), "ca.example"));
        Path file = store(ks);
        TlsConfigException e = assertThrows(TlsConfigException.class,
                () -> Certificates.loadPkcs12(file, PASSWORD, null));
        assertEquals("tls.keystore: " + file + ": no key entry in the keystore", e.getMessage());
    }

    @Test
    void garbageAndMissingFiles() throws Exception {
        Path garbage = dir.resolve("garbage.p12");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nnot a keystore\n");
        TlsConfigException e = assertThrows(TlsConfigException.class,
                () -> Certificates.loadPkcs12(garbage, PASSWORD, null));
        assertTrue(e.getMessage().startsWith("tls.keystore: " + garbage + ": not a readable PKCS#12 keystore"),
                e.getMessage());

        Path missing = dir.resolve("missing.p12");
        TlsConfigException m = assertThrows(TlsConfigException.class,
                () -> Certificates.loadPkcs12(missing, PASSWORD, null));
        assertEquals("tls.keystore: " + missing + ": file not found", m.getMessage());
    }
}
