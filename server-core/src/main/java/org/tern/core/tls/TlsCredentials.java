package org.tern.core.tls;

import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * A private key and its certificate chain, end-entity first.
 *
 * <p>{@link #toString()} never shows the key: some JDK key classes print their private parts.
 */
public record TlsCredentials(PrivateKey key, List<X509Certificate> chain) {
    private static final int SAN_DNS_NAME = 2;

    public TlsCredentials {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
    }

    /** The end-entity certificate, {@code chain().get(0)}. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** DNS names the end-entity certificate is valid for (SAN dNSName, else CN), lower-case. */
    public List<String> dnsNames() {
        return dnsNames(certificate());
    }

    static List<String> dnsNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(SAN_DNS_NAME).equals(san.get(0))
                            && san.get(1) instanceof String s) {
                        addName(names, s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unparsable SAN extension: fall back to the CN, as for no SAN
        }
        if (names.isEmpty()) {
            X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
            for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
                for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                    if (BCStyle.CN.equals(atv.getType())) {
                        ASN1Encodable value = atv.getValue();
                        addName(names, value instanceof ASN1String s ? s.getString() : value.toString());
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    private static void addName(List<String> names, String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!n.isEmpty() && !names.contains(n)) {
            names.add(n);
        }
    }

    @Override
    public String toString() {
        return "TlsCredentials[key=" + key.getAlgorithm() + ", subject="
                + certificate().getSubjectX500Principal().getName() + ", names=" + dnsNames()
                + ", chain length=" + chain.size() + "]";
    }
}
