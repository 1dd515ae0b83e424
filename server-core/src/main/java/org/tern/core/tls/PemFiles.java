package org.tern.core.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM files: certificate chains and private keys (PKCS#8, PKCS#1 RSA, SEC1 EC, encrypted
 * PKCS#8 and legacy OpenSSL-encrypted PEM). Keys are turned into the JDK's own key classes, so
 * both TLS providers accept them; Bouncy Castle is used only for parsing and decryption and is
 * never registered as a global JCA provider.
 */
final class PemFiles {
    static final String KEY_TYPES = "expected PEM 'PRIVATE KEY', 'RSA PRIVATE KEY' or 'EC PRIVATE KEY'";
    private static final long MAX_SIZE = 1 << 20;

    private PemFiles() {
    }

    /** The certificates of a PEM file, in file order; other PEM objects (a key) are skipped. */
    static List<X509Certificate> readChain(Path file, String setting) throws TlsConfigException {
        List<Object> objects = parse(file, setting);
        List<X509Certificate> chain = new ArrayList<>();
        boolean sawKey = false;
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object o : objects) {
            X509CertificateHolder holder = null;
            if (o instanceof X509CertificateHolder h) {
                holder = h;
            } else if (o instanceof X509TrustedCertificateBlock t) {
                holder = t.getCertificateHolder();
            } else if (isKey(o)) {
                sawKey = true;
            }
            if (holder != null) {
                try {
                    chain.add(converter.getCertificate(holder));
                } catch (GeneralSecurityException e) {
                    throw new TlsConfigException(setting, file,
                            "certificate " + (chain.size() + 1) + " cannot be decoded: " + e.getMessage(), e);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new TlsConfigException(setting, file, "no certificate found (expected PEM 'CERTIFICATE')"
                    + (sawKey ? "; the file holds a private key only" : ""));
        }
        return chain;
    }

    /** The one private key of a PEM file; certificates in the same file are skipped. */
    static PrivateKey readKey(Path file, char[] password, String setting) throws TlsConfigException {
        PrivateKeyInfo found = null;
        boolean sawCertificate = false;
        for (Object o : parse(file, setting)) {
            PrivateKeyInfo info;
            if (o instanceof PrivateKeyInfo pki) {
                info = pki;
            } else if (o instanceof PEMKeyPair pair) {
                info = pair.getPrivateKeyInfo();
            } else if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                info = decrypt(encrypted, password, file, setting);
            } else if (o instanceof PEMEncryptedKeyPair encrypted) {
                info = decrypt(encrypted, password, file, setting);
            } else {
                sawCertificate |= o instanceof X509CertificateHolder || o instanceof X509TrustedCertificateBlock;
                continue;
            }
            if (found != null) {
                throw new TlsConfigException(setting, file, "more than one private key in the file");
            }
            found = info;
        }
        if (found == null) {
            throw new TlsConfigException(setting, file, "no private key found (" + KEY_TYPES + ")"
                    + (sawCertificate ? "; the file holds certificates only" : ""));
        }
        return toJdkKey(found, file, setting);
    }

    private static boolean isKey(Object o) {
        return o instanceof PrivateKeyInfo || o instanceof PEMKeyPair
                || o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair;
    }

    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, char[] password, Path file,
                                          String setting) throws TlsConfigException {
        requirePassword(password, file, setting);
        try {
            return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(new BouncyCastleProvider()).build(password));
        } catch (Exception e) {
            throw new TlsConfigException(setting, file,
                    "cannot decrypt the private key (wrong key password?): " + e.getMessage(), e);
        }
    }

    private static PrivateKeyInfo decrypt(PEMEncryptedKeyPair encrypted, char[] password, Path file,
                                          String setting) throws TlsConfigException {
        requirePassword(password, file, setting);
        try {
            return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                    .setProvider(new BouncyCastleProvider()).build(password)).getPrivateKeyInfo();
        } catch (Exception e) {
            throw new TlsConfigException(setting, file,
                    "cannot decrypt the private key (wrong key password?): " + e.getMessage(), e);
        }
    }

    private static void requirePassword(char[] password, Path file, String setting) throws TlsConfigException {
        if (password == null) {
            throw new TlsConfigException(setting, file, "the private key is encrypted and no key password is set");
        }
    }

    private static PrivateKey toJdkKey(PrivateKeyInfo info, Path file, String setting) throws TlsConfigException {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm;
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            algorithm = "RSA";
        } else if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
            algorithm = "RSASSA-PSS";
        } else if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            algorithm = "EC";
        } else if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
            algorithm = "Ed25519";
        } else if (EdECObjectIdentifiers.id_Ed448.equals(oid)) {
            algorithm = "Ed448";
        } else {
            throw new TlsConfigException(setting, file, "unsupported private key algorithm " + oid
                    + " (use an RSA or EC key)");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException(setting, file, "the " + algorithm + " private key cannot be decoded: "
                    + e.getMessage(), e);
        }
    }

    private static List<Object> parse(Path file, String setting) throws TlsConfigException {
        String text = readText(file, setting);
        if (!text.contains("-----BEGIN ")) {
            throw new TlsConfigException(setting, file, "not a PEM file (no '-----BEGIN' line;"
                    + " a binary DER file must be converted to PEM)");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsConfigException(setting, file, "cannot parse the PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    static byte[] readBytes(Path file, String setting) throws TlsConfigException {
        try {
            if (Files.isDirectory(file)) {
                throw new TlsConfigException(setting, file, "is a directory, not a file");
            }
            if (Files.size(file) > MAX_SIZE) {
                throw new TlsConfigException(setting, file, "file too large (over " + MAX_SIZE + " bytes)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(setting, file, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new TlsConfigException(setting, file, "cannot read the file (permission denied)", e);
        } catch (IOException e) {
            throw new TlsConfigException(setting, file, "cannot read the file: " + e, e);
        }
    }

    private static String readText(Path file, String setting) throws TlsConfigException {
        // PEM is ASCII; Latin-1 decodes any bytes, so binary garbage is reported as "not PEM"
        return new String(readBytes(file, setting), StandardCharsets.ISO_8859_1);
    }
}
