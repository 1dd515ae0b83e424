package org.tern.core.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Keys, certificates and PEM files for tests, made with Bouncy Castle (no openssl needed). */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestPki() {
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
    }

    /** A certificate for subject's key, signed by issuerKey; dnsNames may be empty (CN only). */
    static X509Certificate certificate(String subjectDn, PublicKey subjectKey, String issuerDn, PrivateKey issuerKey,
                                       String sigAlg, boolean ca, Instant notBefore, Instant notAfter,
                                       String... dnsNames) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuerDn),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                new X500Name(subjectDn), subjectKey);
        b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
        if (dnsNames.length > 0) {
            GeneralName[] names = new GeneralName[dnsNames.length];
            for (int i = 0; i < names.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        JcaContentSignerBuilder signer = new JcaContentSignerBuilder(sigAlg);
        if (sigAlg.contains("SHA1") || sigAlg.contains("MD5") || sigAlg.contains("MGF1")) {
            signer.setProvider(new BouncyCastleProvider());
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(signer.build(issuerKey)));
    }

    static X509Certificate selfSigned(KeyPair pair, String cn, String... dnsNames) throws Exception {
        Instant now = Instant.now();
        return certificate("CN=" + cn, pair.getPublic(), "CN=" + cn, pair.getPrivate(),
                signatureAlgorithm(pair.getPrivate()), false, now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(90)), dnsNames);
    }

    /** A CA, an intermediate and a leaf for "xmpp.example.org": {leaf, intermediate, root}. */
    record Chain(KeyPair leafKey, X509Certificate leaf, KeyPair intermediateKey, X509Certificate intermediate,
                 X509Certificate root) {
    }

    static Chain chain(KeyPair leafKey) throws Exception {
        Instant now = Instant.now();
        KeyPair rootKey = ec();
        KeyPair intermediateKey = ec();
        X509Certificate root = certificate("CN=Test Root", rootKey.getPublic(), "CN=Test Root", rootKey.getPrivate(),
                "SHA256withECDSA", true, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
        X509Certificate intermediate = certificate("CN=Test Intermediate", intermediateKey.getPublic(),
                "CN=Test Root", rootKey.getPrivate(), "SHA256withECDSA", true, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)));
        X509Certificate leaf = certificate("CN=xmpp.example.org", leafKey.getPublic(), "CN=Test Intermediate",
                intermediateKey.getPrivate(), "SHA256withECDSA", false, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(90)), "xmpp.example.org", "Conference.Example.org");
        return new Chain(leafKey, leaf, intermediateKey, intermediate, root);
    }

    // --- PEM writing

    static Path writeCerts(Path file, X509Certificate... certs) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (X509Certificate c : certs) {
                w.writeObject(c);
            }
        }
        Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    /** "PRIVATE KEY" (PKCS#8). */
    static Path writePkcs8(Path file, PrivateKey key) throws IOException {
        return writePem(file, new PemObject("PRIVATE KEY", key.getEncoded()));
    }

    /** "RSA PRIVATE KEY" (PKCS#1) or "EC PRIVATE KEY" (SEC1), as OpenSSL's traditional format. */
    static Path writeTraditional(Path file, PrivateKey key) throws IOException {
        return writePem(file, new JcaMiscPEMGenerator(key).generate());
    }

    /**
     * "EC PRIVATE KEY" (SEC1) with the named curve and the public key, as {@code openssl ecparam
     * -genkey} writes it (Bouncy Castle's writer leaves the curve out for keys made by the JDK).
     */
    static Path writeSec1(Path file, KeyPair pair) throws IOException {
        ECPrivateKey d = (ECPrivateKey) pair.getPrivate();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d.getS(),
                spki.getPublicKeyData(), new X962Parameters(SECObjectIdentifiers.secp256r1));
        return writePem(file, new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    /** "ENCRYPTED PRIVATE KEY" (PKCS#8, PBES2 with AES-256-CBC). */
    static Path writeEncryptedPkcs8(Path file, PrivateKey key, char[] password) throws Exception {
        JceOpenSSLPKCS8EncryptorBuilder enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setPassword(password);
        return writePem(file, new JcaPKCS8Generator(key, enc.build()).generate());
    }

    /** Legacy OpenSSL encryption: "RSA PRIVATE KEY" with Proc-Type and DEK-Info headers. */
    static Path writeLegacyEncrypted(Path file, PrivateKey key, char[] password) throws IOException {
        return writePem(file, new JcaMiscPEMGenerator(key,
                new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider()).build(password))
                .generate());
    }

    private static Path writePem(Path file, PemObject pem) throws IOException {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(pem);
        }
        Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
        return file;
    }
}
