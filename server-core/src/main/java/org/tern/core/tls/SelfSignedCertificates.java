package org.tern.core.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate made on first start, so a fresh install can offer TLS at once.
 *
 * <p>EC P-256 with ECDSA/SHA-256: every current XMPP client and both TLS providers accept it, keys
 * are made in milliseconds (an RSA key takes up to a second), and its tls-server-end-point
 * channel binding is SHA-256 of the certificate.
 */
final class SelfSignedCertificates {
    static final String CERT_FILE = "tern-selfsigned.pem";
    static final String KEY_FILE = "tern-selfsigned.key";
    static final Duration VALIDITY = Duration.ofDays(365);
    static final Duration MIN_REMAINING = Duration.ofDays(30);
    /** Back-dated so a client whose clock is a little behind accepts a certificate made just now. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificates.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCertificates() {
    }

    static TlsCredentials obtain(Path dir, List<String> dnsNames) throws TlsConfigException {
        List<String> names = normalise(dnsNames);
        Path certFile = dir.resolve(CERT_FILE);
        Path keyFile = dir.resolve(KEY_FILE);
        String reason = Files.exists(certFile) || Files.exists(keyFile) ? "half of the old one is missing" : "none yet";
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            TlsCredentials existing;
            try {
                existing = Certificates.loadPem(certFile, keyFile, null);
                reason = reuseProblem(existing, names);
            } catch (TlsConfigException e) {
                log.warn("The self-signed certificate on disk cannot be used and will be replaced: {}", e.getMessage());
                existing = null;
                reason = "the old one is unusable";
            }
            if (reason == null) {
                log.info("Using the self-signed certificate {} for {}, valid until {}", certFile, names,
                        existing.certificate().getNotAfter().toInstant());
                return existing;
            }
        }
        TlsCredentials made = generate(names, Instant.now());
        write(dir, certFile, keyFile, made);
        log.info("Made a new self-signed certificate {} for {}, valid until {} ({}); clients must be told to trust it",
                certFile, names, made.certificate().getNotAfter().toInstant(), reason);
        return made;
    }

    /** Why a certificate made earlier cannot serve these names now, or null when it can. */
    private static String reuseProblem(TlsCredentials existing, List<String> names) {
        List<String> covered = existing.dnsNames();
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            if (!covered.contains(n)) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            return "the old one does not cover " + missing;
        }
        Instant now = Instant.now();
        X509Certificate cert = existing.certificate();
        if (cert.getNotBefore().toInstant().isAfter(now)) {
            return "the old one is not valid yet";
        }
        if (cert.getNotAfter().toInstant().isBefore(now.plus(MIN_REMAINING))) {
            return "the old one expires on " + cert.getNotAfter().toInstant();
        }
        return null;
    }

    static List<String> normalise(List<String> dnsNames) throws TlsConfigException {
        if (dnsNames == null || dnsNames.isEmpty()) {
            throw new TlsConfigException(TlsConfigException.SELF_SIGNED, null, "no DNS name to put in the certificate");
        }
        List<String> names = new ArrayList<>();
        for (String raw : dnsNames) {
            String n;
            try {
                n = IDN.toASCII(raw.trim()).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(TlsConfigException.SELF_SIGNED, null, "not a DNS name: '" + raw + "'");
            }
            if (n.isEmpty() || n.endsWith(".")) {
                throw new TlsConfigException(TlsConfigException.SELF_SIGNED, null, "not a DNS name: '" + raw + "'");
            }
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }

    static TlsCredentials generate(List<String> names, Instant now) throws TlsConfigException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, names.get(0)).build();
            byte[] serial = new byte[16];
            RANDOM.nextBytes(serial);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(1, serial),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            GeneralName[] sans = names.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new TlsCredentials(pair.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new TlsConfigException(TlsConfigException.SELF_SIGNED, null,
                    "cannot make a self-signed certificate: " + e, e);
        }
    }

    private static void write(Path dir, Path certFile, Path keyFile, TlsCredentials credentials)
            throws TlsConfigException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TlsConfigException(TlsConfigException.SELF_SIGNED, dir, "cannot create the directory: " + e, e);
        }
        // the key first, so a crash between the two leaves no certificate without its key
        writeAtomically(keyFile, pem("PRIVATE KEY", credentials.key().getEncoded()), true);
        try {
            writeAtomically(certFile, pem("CERTIFICATE", credentials.certificate().getEncoded()), false);
        } catch (CertificateEncodingException e) {
            throw new TlsConfigException(TlsConfigException.SELF_SIGNED, certFile, "cannot encode: " + e, e);
        }
    }

    private static String pem(String type, byte[] der) throws TlsConfigException {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new TlsConfigException(TlsConfigException.SELF_SIGNED, null, "cannot encode PEM: " + e, e);
        }
        return out.toString();
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws TlsConfigException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            boolean posix = Files.getFileStore(target.getParent()).supportsFileAttributeView("posix");
            if (posix && secret) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new TlsConfigException(TlsConfigException.SELF_SIGNED, target, "cannot write the file: " + e, e);
        }
    }
}
