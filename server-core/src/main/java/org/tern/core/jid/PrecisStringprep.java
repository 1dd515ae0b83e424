package org.tern.core.jid;

import org.jxmpp.stringprep.XmppStringprep;
import org.jxmpp.stringprep.XmppStringprepException;
import rocks.xmpp.precis.PrecisProfiles;

import java.nio.charset.StandardCharsets;

/**
 * RFC 7622 JID part preparation on PRECIS profiles (rocks.xmpp.precis), plugged into jxmpp so
 * every JID the server parses is normalised the same way.
 */
final class PrecisStringprep implements XmppStringprep {
    private static final int MAX_PART_BYTES = 1023;

    @Override
    public String localprep(String localpart) throws XmppStringprepException {
        String out = enforce(localpart, "localpart", () -> PrecisProfiles.USERNAME_CASE_MAPPED.enforce(localpart));
        // RFC 7622 §3.3.1: these characters are forbidden in a localpart.
        for (int i = 0; i < out.length(); i++) {
            switch (out.charAt(i)) {
                case '"', '&', '\'', '/', ':', '<', '>', '@' ->
                        throw new XmppStringprepException(localpart, "localpart contains a forbidden character");
                default -> {
                }
            }
        }
        return out;
    }

    @Override
    public String domainprep(String domainpart) throws XmppStringprepException {
        String d = domainpart.endsWith(".") ? domainpart.substring(0, domainpart.length() - 1) : domainpart;
        String out = enforce(d, "domainpart", () -> PrecisProfiles.IDN.enforce(d));
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c <= ' ' || c == '@' || c == '/' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '&') {
                throw new XmppStringprepException(domainpart, "domainpart contains a forbidden character");
            }
        }
        return out;
    }

    @Override
    public String resourceprep(String resourcepart) throws XmppStringprepException {
        return enforce(resourcepart, "resourcepart", () -> PrecisProfiles.OPAQUE_STRING.enforce(resourcepart));
    }

    private interface Prep {
        String run();
    }

    private static String enforce(String input, String what, Prep prep) throws XmppStringprepException {
        if (input.isEmpty()) {
            throw new XmppStringprepException(input, what + " is empty");
        }
        String out;
        try {
            out = prep.run();
        } catch (IllegalArgumentException e) {
            throw new XmppStringprepException(input, what + ": " + e.getMessage());
        }
        if (out.isEmpty() || out.getBytes(StandardCharsets.UTF_8).length > MAX_PART_BYTES) {
            throw new XmppStringprepException(input, what + " is empty or longer than 1023 bytes");
        }
        return out;
    }
}
