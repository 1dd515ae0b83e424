package org.tern.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificatesTest {
    @TempDir
    Path tmp;

    private Path certFile(Path dir) {
        return dir.resolve("tern-selfsigned.pem");
    }

    private Path keyFile(Path dir) {
        return dir.resolve("tern-selfsigned.key");
    }

    @Test
    void generatesIntoANewDirectory() throws Exception {
        Path dir = tmp.resolve("data/tls");
        TlsCredentials creds = Certificates.selfSigned(dir, List.of("Example.ORG", "conference.example.org"));

        X509Certificate cert = creds.certificate();
        assertEquals("CN=example.org", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertEquals(List.of("example.org", "conference.example.org"), creds.dnsNames());
        assertEquals("SHA256withECDSA", cert.getSigAlgName());
        assertEquals("EC", creds.key().getAlgorithm());
        cert.verify(cert.getPublicKey());
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");

        Duration validity = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertTrue(validity.compareTo(Duration.ofDays(360)) > 0 && validity.compareTo(Duration.ofDays(370)) < 0,
                validity.toString());
        assertTrue(cert.getNotBefore().toInstant().isBefore(Instant.now()));

        assertTrue(Files.readString(certFile(dir)).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(Files.readString(keyFile(dir)).startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
        assertFalse(Files.exists(dir.resolve("tern-selfsigned.key.tmp")));
        TlsCredentials fromDisk = Certificates.loadPem(certFile(dir), keyFile(dir), null);
        assertEquals(cert, fromDisk.certificate());
    }

    @Test
    void keyFileIsPrivate() throws Exception {
        Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Certificates.selfSigned(tmp, List.of("localhost"));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(keyFile(tmp)));
    }

    @Test
    void reusedOnTheNextStart() throws Exception {
        TlsCredentials first = Certificates.selfSigned(tmp, List.of("localhost", "example.org"));
        byte[] certBytes = Files.readAllBytes(certFile(tmp));
        byte[] keyBytes = Files.readAllBytes(keyFile(tmp));

        TlsCredentials second = Certificates.selfSigned(tmp, List.of("EXAMPLE.org", "localhost"));
        assertArrayEquals(first.certificate().getEncoded(), second.certificate().getEncoded());
        assertArrayEquals(certBytes, Files.readAllBytes(certFile(tmp)));
        assertArrayEquals(keyBytes, Files.readAllBytes(keyFile(tmp)));

        // a subset of the names is covered too
        assertArrayEquals(first.certificate().getEncoded(),
                Certificates.selfSigned(tmp, List.of("example.org")).certificate().getEncoded());
    }

    @Test
    void regeneratedWhenANameIsAdded() throws Exception {
        TlsCredentials first = Certificates.selfSigned(tmp, List.of("localhost"));
        TlsCredentials second = Certificates.selfSigned(tmp, List.of("localhost", "chat.example.org"));
        assertNotEquals(first.certificate(), second.certificate());
        assertEquals(List.of("localhost", "chat.example.org"), second.dnsNames());
        assertEquals(second.certificate(), Certificates.loadPem(certFile(tmp), keyFile(tmp), null).certificate());
    }

    @Test
    void regeneratedWhenItExpiresWithin30Days() throws Exception {
        KeyPair pair = TestPki.ec();
        Instant now = Instant.now();
        X509Certificate soon = TestPki.certificate("CN=localhost", pair.getPublic(), "CN=localhost",
                pair.getPrivate(), "SHA256withECDSA", false, now.minus(Duration.ofDays(300)),
                now.plus(Duration.ofDays(20)), "localhost");
        TestPki.writeCerts(certFile(tmp), soon);
        TestPki.writePkcs8(keyFile(tmp), pair.getPrivate());

        TlsCredentials creds = Certificates.selfSigned(tmp, List.of("localhost"));
        assertNotEquals(soon, creds.certificate());
        assertTrue(creds.certificate().getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(300))));
    }

    @Test
    void keptWhenItHasMoreThan30DaysLeft() throws Exception {
        KeyPair pair = TestPki.ec();
        Instant now = Instant.now();
        X509Certificate fine = TestPki.certificate("CN=localhost", pair.getPublic(), "CN=localhost",
                pair.getPrivate(), "SHA256withECDSA", false, now.minus(Duration.ofDays(300)),
                now.plus(Duration.ofDays(40)), "localhost");
        TestPki.writeCerts(certFile(tmp), fine);
        TestPki.writePkcs8(keyFile(tmp), pair.getPrivate());
        assertEquals(fine, Certificates.selfSigned(tmp, List.of("localhost")).certificate());
    }

    @Test
    void brokenFilesAreReplaced() throws Exception {
        Files.writeString(certFile(tmp), "garbage");
        Files.writeString(keyFile(tmp), "garbage");
        TlsCredentials creds = Certificates.selfSigned(tmp, List.of("localhost"));
        assertEquals(creds.certificate(), Certificates.loadPem(certFile(tmp), keyFile(tmp), null).certificate());
    }

    @Test
    void namesAreChecked() {
        assertThrows(TlsConfigException.class, () -> Certificates.selfSigned(tmp, List.of()));
        TlsConfigException e = assertThrows(TlsConfigException.class,
                () -> Certificates.selfSigned(tmp, List.of("bad..name")));
        assertEquals("tls.self-signed: not a DNS name: 'bad..name'", e.getMessage());
    }

    @Test
    void internationalNamesGoInAsALabels() throws Exception {
        TlsCredentials creds = Certificates.selfSigned(tmp, List.of("bücher.example"));
        assertEquals(List.of("xn--bcher-kva.example"), creds.dnsNames());
    }
}
