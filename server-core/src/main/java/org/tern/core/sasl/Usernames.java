package org.tern.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Locale;
import java.util.Optional;
import rocks.xmpp.precis.PrecisProfiles;

/** Username normalisation and authzid checks shared by the mechanisms. */
final class Usernames {

    /** RFC 7622 §3.3.1: characters a localpart never holds, even after PRECIS. */
    private static final String FORBIDDEN = "\"&'/:<>@";
    private static final int MAX_LOCALPART_BYTES = 1023;

    private Usernames() {
    }

    /** The localpart by PRECIS UsernameCaseMapped (RFC 8265 §3.3), or empty when it is invalid. */
    static Optional<String> normalise(String username) {
        String s;
        try {
            s = PrecisProfiles.USERNAME_CASE_MAPPED.enforce(username);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            if (FORBIDDEN.indexOf(s.charAt(i)) >= 0) {
                return Optional.empty();
            }
        }
        if (s.getBytes(UTF_8).length > MAX_LOCALPART_BYTES) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** A domain in the form compared: lower case, without a trailing dot. */
    static String normaliseDomain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    /**
     * Whether an authorization identity names the authenticated account itself: a bare JID
     * {@code localpart@domain} whose localpart normalises to {@code username} and whose domain is
     * ours (RFC 6120 §6.3.8). Anything else, including a full JID, does not.
     */
    static boolean authzidMatches(String authzid, String username, String normalisedDomain) {
        int at = authzid.indexOf('@');
        if (at <= 0 || authzid.indexOf('/') >= 0) {
            return false;
        }
        Optional<String> local = normalise(authzid.substring(0, at));
        return local.isPresent() && local.get().equals(username)
                && normaliseDomain(authzid.substring(at + 1)).equals(normalisedDomain);
    }
}
