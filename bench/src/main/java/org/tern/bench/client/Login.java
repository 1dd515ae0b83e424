package org.tern.bench.client;

/**
 * What one connection does after TCP connect.
 *
 * @param user            localpart
 * @param password        password
 * @param resource        resource to bind
 * @param fetchRoster     get the roster (RFC 6121 §2.2) before sending presence
 * @param presence        initial presence to send after bind (and roster), or null for none
 * @param register        XEP-0077 in-band registration of user/password instead of a login
 */
public record Login(String user, String password, String resource, boolean fetchRoster, String presence,
                    boolean register) {
    public static final String AVAILABLE = "<presence/>";

    public static Login of(String user, String password) {
        return new Login(user, password, "bench", false, AVAILABLE, false);
    }

    public Login withRoster() {
        return new Login(user, password, resource, true, presence, register);
    }

    public Login withPresence(String p) {
        return new Login(user, password, resource, fetchRoster, p, register);
    }

    public Login registration() {
        return new Login(user, password, resource, false, null, true);
    }
}
