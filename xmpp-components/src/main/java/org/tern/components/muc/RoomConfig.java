package org.tern.components.muc;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A room's configuration (XEP-0045 §10.2, the muc#roomconfig fields), immutable. Stored as
 * key-value rows so fields can be added without schema changes; a missing key takes its default.
 */
record RoomConfig(String title, String description, String language, boolean publicRoom, boolean persistent,
                  boolean moderated, boolean membersOnly, boolean passwordProtected, String password, Whois whois,
                  int maxUsers, boolean changeSubject, boolean allowInvites, AllowPm allowPm,
                  Set<Role> presenceBroadcast, Set<Role> memberListReaders, boolean logging, int historyFetch) {

    /** muc#roomconfig_whois: who may see occupants' real JIDs. */
    enum Whois {
        /** Semi-anonymous (the default). */
        MODERATORS("moderators"),
        /** Non-anonymous. */
        ANYONE("anyone"),
        /** Fully anonymous: nobody but the occupant itself (XEP-0045 §4.1 calls it NOT RECOMMENDED). */
        NOBODY("none");

        final String value;

        Whois(String value) {
            this.value = value;
        }

        static Whois of(String v) {
            for (Whois w : values()) {
                if (w.value.equals(v)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("muc#roomconfig_whois: unknown value " + v);
        }
    }

    /** muc#roomconfig_allowpm: who may send private messages. */
    enum AllowPm {
        ANYONE, PARTICIPANTS, MODERATORS, NONE;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static AllowPm of(String v) {
            for (AllowPm a : values()) {
                if (a.value().equals(v)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("muc#roomconfig_allowpm: unknown value " + v);
        }

        boolean allows(Role sender) {
            return switch (this) {
                case ANYONE -> sender.atLeast(Role.VISITOR);
                case PARTICIPANTS -> sender.atLeast(Role.PARTICIPANT);
                case MODERATORS -> sender == Role.MODERATOR;
                case NONE -> false;
            };
        }
    }

    RoomConfig {
        presenceBroadcast = Set.copyOf(presenceBroadcast);
        memberListReaders = Set.copyOf(memberListReaders);
        password = password == null ? "" : password;
    }

    /** The configuration of a new room: open, public, temporary, semi-anonymous (XEP-0045 defaults). */
    static RoomConfig defaults(int historyFetch) {
        return new RoomConfig("", "", "", true, false, false, false, false, "", Whois.MODERATORS, 0, false,
                false, AllowPm.ANYONE, EnumSet.of(Role.MODERATOR, Role.PARTICIPANT, Role.VISITOR),
                EnumSet.of(Role.MODERATOR, Role.PARTICIPANT), false, historyFetch);
    }

    /** Whether an occupant of this role sees other occupants' real JIDs. */
    boolean showsJidsTo(Role viewer) {
        return switch (whois) {
            case ANYONE -> true;
            case MODERATORS -> viewer == Role.MODERATOR;
            case NOBODY -> false;
        };
    }

    /** Whether a password is required to enter. */
    boolean requiresPassword() {
        return passwordProtected && !password.isEmpty();
    }

    RoomConfig withPersistent(boolean p) {
        return new RoomConfig(title, description, language, publicRoom, p, moderated, membersOnly, passwordProtected,
                password, whois, maxUsers, changeSubject, allowInvites, allowPm, presenceBroadcast, memberListReaders,
                logging, historyFetch);
    }

    Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("description", description);
        m.put("language", language);
        m.put("public", Boolean.toString(publicRoom));
        m.put("persistent", Boolean.toString(persistent));
        m.put("moderated", Boolean.toString(moderated));
        m.put("members-only", Boolean.toString(membersOnly));
        m.put("password-protected", Boolean.toString(passwordProtected));
        m.put("password", password);
        m.put("whois", whois.value);
        m.put("max-users", Integer.toString(maxUsers));
        m.put("change-subject", Boolean.toString(changeSubject));
        m.put("allow-invites", Boolean.toString(allowInvites));
        m.put("allow-pm", allowPm.value());
        m.put("presence-broadcast", roles(presenceBroadcast));
        m.put("member-list-readers", roles(memberListReaders));
        m.put("logging", Boolean.toString(logging));
        m.put("history-fetch", Integer.toString(historyFetch));
        return m;
    }

    /** Reads stored rows over the defaults; unknown keys (from a newer version) are ignored. */
    static RoomConfig fromMap(Map<String, String> m, RoomConfig d) {
        return new RoomConfig(m.getOrDefault("title", d.title), m.getOrDefault("description", d.description),
                m.getOrDefault("language", d.language), bool(m, "public", d.publicRoom),
                bool(m, "persistent", d.persistent), bool(m, "moderated", d.moderated),
                bool(m, "members-only", d.membersOnly), bool(m, "password-protected", d.passwordProtected),
                m.getOrDefault("password", d.password),
                m.containsKey("whois") ? Whois.of(m.get("whois")) : d.whois,
                m.containsKey("max-users") ? Integer.parseInt(m.get("max-users")) : d.maxUsers,
                bool(m, "change-subject", d.changeSubject), bool(m, "allow-invites", d.allowInvites),
                m.containsKey("allow-pm") ? AllowPm.of(m.get("allow-pm")) : d.allowPm,
                m.containsKey("presence-broadcast") ? roles(m.get("presence-broadcast")) : d.presenceBroadcast,
                m.containsKey("member-list-readers") ? roles(m.get("member-list-readers")) : d.memberListReaders,
                bool(m, "logging", d.logging),
                m.containsKey("history-fetch") ? Integer.parseInt(m.get("history-fetch")) : d.historyFetch);
    }

    private static boolean bool(Map<String, String> m, String key, boolean d) {
        String v = m.get(key);
        return v == null ? d : Boolean.parseBoolean(v);
    }

    static String roles(Set<Role> roles) {
        Set<String> names = new TreeSet<>();
        roles.forEach(r -> names.add(r.value()));
        return String.join(",", names);
    }

    static Set<Role> roles(String csv) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String s : csv.split(",")) {
            Role r = Role.of(s.trim());
            if (r != null && r != Role.NONE) {
                out.add(r);
            }
        }
        return out;
    }
}
