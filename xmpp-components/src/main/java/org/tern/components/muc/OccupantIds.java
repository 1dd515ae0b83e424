package org.tern.components.muc;

import org.tern.core.jid.Jid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * XEP-0421 occupant ids: an HMAC-SHA-256 of the room and the real bare JID under a per-service
 * secret, so an id is stable for a user in a room across visits and nicknames, differs between
 * rooms, and reveals nothing about the JID.
 */
final class OccupantIds {
    private final SecretKeySpec key;

    OccupantIds(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    String of(Jid room, Jid user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((room.bare() + "\u0000" + user.bare()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
