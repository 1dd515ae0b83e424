package org.tern.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the server's key and certificate chain from PEM or PKCS#12, or makes a self-signed one. */
public final class Certificates {
    private static final Logger log = LoggerFactory.getLogger(Certificates.class);

    private Certificates() {
    }

    /**
     * PEM certificate chain (one file, end-entity first, as Let's Encrypt's fullchain.pem) and PEM
     * private key: PKCS#8, PKCS#1 RSA, SEC1 EC, and encrypted PKCS#8 (or legacy OpenSSL-encrypted
     * PEM) when keyPassword is not null. Checks that the key matches the first certificate. Both may
     * be the same file holding the key and the chain.
     */
    public static TlsCredentials loadPem(Path chain, Path key, char[] keyPassword) throws TlsConfigException {
        List<X509Certificate> certificates = PemFiles.readChain(chain, TlsConfigException.CERT);
        PrivateKey privateKey = PemFiles.readKey(key, keyPassword, TlsConfigException.KEY);
        checkKeyMatches(privateKey, certificates, TlsConfigException.KEY, key, chain);
        warnAboutChain(certificates, chain);
        return new TlsCredentials(privateKey, certificates);
    }

    /** PKCS#12 keystore with one key entry (or the entry named alias when non-null). */
    public static TlsCredentials loadPkcs12(Path file, char[] password, String alias) throws TlsConfigException {
        String setting = TlsConfigException.KEYSTORE;
        char[] pw = password == null ? new char[0] : password;
        byte[] bytes = PemFiles.readBytes(file, setting);
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), pw);
        } catch (IOException e) {
            String why = e.getCause() instanceof UnrecoverableKeyException
                    ? "wrong keystore password" : "not a readable PKCS#12 keystore (" + e.getMessage() + ")";
            throw new TlsConfigException(setting, file, why, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TlsConfigException(setting, file, "not a readable PKCS#12 keystore (" + e + ")", e);
        }
        try {
            String entry = chooseAlias(store, alias, file, setting);
            Key key = store.getKey(entry, pw);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new TlsConfigException(setting, file, "entry '" + entry + "' holds no private key");
            }
            Certificate[] certs = store.getCertificateChain(entry);
            if (certs == null || certs.length == 0) {
                throw new TlsConfigException(setting, file, "entry '" + entry + "' has no certificate chain");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certs) {
                if (!(c instanceof X509Certificate x509)) {
                    throw new TlsConfigException(setting, file, "entry '" + entry + "' holds a non-X.509 certificate");
                }
                chain.add(x509);
            }
            checkKeyMatches(privateKey, chain, setting, file, file);
            warnAboutChain(chain, file);
            return new TlsCredentials(privateKey, chain);
        } catch (UnrecoverableKeyException e) {
            throw new TlsConfigException(setting, file, "cannot read the private key: wrong password", e);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(setting, file, "cannot read the key entry: " + e, e);
        }
    }

    private static String chooseAlias(KeyStore store, String alias, Path file, String setting)
            throws GeneralSecurityException, TlsConfigException {
        List<String> keyEntries = new ArrayList<>();
        for (String a : Collections.list(store.aliases())) {
            if (store.isKeyEntry(a)) {
                keyEntries.add(a);
            }
        }
        if (alias != null) {
            // PKCS#12 aliases are case-insensitive in the JDK
            for (String a : keyEntries) {
                if (a.equalsIgnoreCase(alias)) {
                    return a;
                }
            }
            throw new TlsConfigException(setting, file, "no key entry named '" + alias + "' (key entries: "
                    + keyEntries + ")");
        }
        if (keyEntries.size() != 1) {
            throw new TlsConfigException(setting, file, keyEntries.isEmpty() ? "no key entry in the keystore"
                    : "more than one key entry " + keyEntries + "; name the one to use with an alias");
        }
        return keyEntries.get(0);
    }

    /**
     * Self-signed certificate for the given DNS names (first is the subject CN; all in SAN), kept as
     * {@code dir/tern-selfsigned.pem} (certificate) and {@code dir/tern-selfsigned.key} (PKCS#8 key,
     * mode 0600 where POSIX). Reused when it covers every name and is valid for at least 30 more
     * days; otherwise made anew. EC P-256, SHA256withECDSA, valid one year.
     */
    public static TlsCredentials selfSigned(Path dir, List<String> dnsNames) throws TlsConfigException {
        return SelfSignedCertificates.obtain(dir, dnsNames);
    }

    static void checkKeyMatches(PrivateKey key, List<X509Certificate> chain, String setting, Path keyFile,
                                Path chainFile) throws TlsConfigException {
        if (KeyMatch.signatureAlgorithm(key) == null) {
            throw new TlsConfigException(setting, keyFile, "unsupported private key type " + key.getAlgorithm()
                    + " (use an RSA or EC key)");
        }
        X509Certificate first = chain.get(0);
        if (KeyMatch.matches(key, first.getPublicKey())) {
            return;
        }
        for (int i = 1; i < chain.size(); i++) {
            if (KeyMatch.matches(key, chain.get(i).getPublicKey())) {
                throw new TlsConfigException(setting, keyFile, "the private key belongs to certificate " + (i + 1)
                        + " (" + subject(chain.get(i)) + ") of " + chainFile
                        + ", not to the first; the server's own certificate must come first");
            }
        }
        throw new TlsConfigException(setting, keyFile, "the private key (" + key.getAlgorithm()
                + ") does not match the certificate (" + subject(first) + ", " + first.getPublicKey().getAlgorithm()
                + " key) in " + chainFile);
    }

    /** Problems a client will notice but that need not stop the server: logged, not thrown. */
    private static void warnAboutChain(List<X509Certificate> chain, Path file) {
        X509Certificate first = chain.get(0);
        Instant now = Instant.now();
        if (first.getNotAfter().toInstant().isBefore(now)) {
            log.warn("TLS certificate {} in {} expired on {}", subject(first), file, first.getNotAfter().toInstant());
        } else if (first.getNotBefore().toInstant().isAfter(now)) {
            log.warn("TLS certificate {} in {} is not valid before {}", subject(first), file,
                    first.getNotBefore().toInstant());
        }
        for (int i = 1; i < chain.size(); i++) {
            if (!chain.get(i - 1).getIssuerX500Principal().equals(chain.get(i).getSubjectX500Principal())) {
                log.warn("TLS certificate chain in {}: certificate {} ({}) is not the issuer of certificate {} ({});"
                        + " clients may fail to verify it", file, i + 1, subject(chain.get(i)), i, subject(chain.get(i - 1)));
            }
        }
    }

    static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }
}
