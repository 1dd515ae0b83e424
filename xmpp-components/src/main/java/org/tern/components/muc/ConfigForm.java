package org.tern.components.muc;

import org.tern.components.DataForm;
import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The muc#roomconfig form (XEP-0045 §10.2, §15.5.3): rendered from a configuration, and read back
 * from an owner's submission. Fields left out of a submission keep their values.
 */
final class ConfigForm {
    /** A submission: the new configuration, and owner/admin lists when the form carried them. */
    record Submission(RoomConfig config, List<Jid> owners, List<Jid> admins) {
    }

    private static final List<String> ROLES = List.of("moderator", "participant", "visitor");

    private ConfigForm() {
    }

    static Element render(RoomConfig c, Affiliations affiliations, int serviceMax) {
        List<String> maxOptions = new ArrayList<>();
        for (int n : new int[] {10, 20, 30, 50, 100, 500, 1000}) {
            if (n < serviceMax) {
                maxOptions.add(Integer.toString(n));
            }
        }
        maxOptions.add("none");
        return DataForm.builder("form")
                .title("Configuration of the room")
                .hidden("FORM_TYPE", Muc.ROOMCONFIG)
                .field("muc#roomconfig_roomname", "text-single", "Natural-language room name", c.title())
                .field("muc#roomconfig_roomdesc", "text-single", "Short description of the room", c.description())
                .field("muc#roomconfig_lang", "text-single", "Natural language of discussion", c.language())
                .bool("muc#roomconfig_persistentroom", "Make the room persistent", c.persistent())
                .bool("muc#roomconfig_publicroom", "Make the room publicly searchable", c.publicRoom())
                .bool("muc#roomconfig_moderatedroom", "Make the room moderated", c.moderated())
                .bool("muc#roomconfig_membersonly", "Make the room members-only", c.membersOnly())
                .bool("muc#roomconfig_passwordprotectedroom", "Password required to enter", c.passwordProtected())
                .field("muc#roomconfig_roomsecret", "text-private", "Password", c.password())
                .field("muc#roomconfig_whois", "list-single", "Who may discover real JIDs",
                        List.of(c.whois().value), List.of("moderators", "anyone", "none"))
                .field("muc#roomconfig_maxusers", "list-single", "Maximum number of occupants",
                        List.of(c.maxUsers() > 0 ? Integer.toString(c.maxUsers()) : "none"), maxOptions)
                .bool("muc#roomconfig_changesubject", "Allow occupants to change the subject", c.changeSubject())
                .bool("muc#roomconfig_allowinvites", "Allow occupants to invite others", c.allowInvites())
                .field("muc#roomconfig_allowpm", "list-single", "Who may send private messages",
                        List.of(c.allowPm().value()), List.of("anyone", "participants", "moderators", "none"))
                .field("muc#roomconfig_presencebroadcast", "list-multi", "Roles whose presence is broadcast",
                        roleValues(c.presenceBroadcast()), ROLES)
                .field("muc#roomconfig_getmemberlist", "list-multi", "Roles that may retrieve the member list",
                        roleValues(c.memberListReaders()), ROLES)
                .bool("muc#roomconfig_enablelogging", "Discussion is logged", c.logging())
                .field("muc#maxhistoryfetch", "text-single", "Maximum number of history messages returned",
                        Integer.toString(c.historyFetch()))
                .field("muc#roomconfig_roomowners", "jid-multi", "Room owners", jids(affiliations, Affiliation.OWNER), null)
                .field("muc#roomconfig_roomadmins", "jid-multi", "Room admins", jids(affiliations, Affiliation.ADMIN), null)
                .build();
    }

    /** Reads a submission; IllegalArgumentException names the field that is wrong. */
    static Submission apply(RoomConfig c, DataForm f, int historySize) {
        int maxUsers = c.maxUsers();
        String max = f.first("muc#roomconfig_maxusers");
        if (f.has("muc#roomconfig_maxusers")) {
            maxUsers = max == null || max.equals("none") || max.isBlank() ? 0 : positive("muc#roomconfig_maxusers", max);
        }
        int fetch = c.historyFetch();
        if (f.first("muc#maxhistoryfetch") != null) {
            fetch = Math.min(historySize, nonNegative("muc#maxhistoryfetch", f.first("muc#maxhistoryfetch")));
        }
        RoomConfig n = new RoomConfig(
                text(f, "muc#roomconfig_roomname", c.title()),
                text(f, "muc#roomconfig_roomdesc", c.description()),
                text(f, "muc#roomconfig_lang", c.language()),
                f.bool("muc#roomconfig_publicroom", c.publicRoom()),
                f.bool("muc#roomconfig_persistentroom", c.persistent()),
                f.bool("muc#roomconfig_moderatedroom", c.moderated()),
                f.bool("muc#roomconfig_membersonly", c.membersOnly()),
                f.bool("muc#roomconfig_passwordprotectedroom", c.passwordProtected()),
                text(f, "muc#roomconfig_roomsecret", c.password()),
                f.first("muc#roomconfig_whois") == null ? c.whois() : RoomConfig.Whois.of(f.first("muc#roomconfig_whois")),
                maxUsers,
                f.bool("muc#roomconfig_changesubject", c.changeSubject()),
                f.bool("muc#roomconfig_allowinvites", c.allowInvites()),
                f.first("muc#roomconfig_allowpm") == null ? c.allowPm() : RoomConfig.AllowPm.of(f.first("muc#roomconfig_allowpm")),
                f.has("muc#roomconfig_presencebroadcast") ? roles(f, "muc#roomconfig_presencebroadcast") : c.presenceBroadcast(),
                f.has("muc#roomconfig_getmemberlist") ? roles(f, "muc#roomconfig_getmemberlist") : c.memberListReaders(),
                f.bool("muc#roomconfig_enablelogging", c.logging()),
                fetch);
        if (n.passwordProtected() && n.password().isEmpty()) {
            throw new IllegalArgumentException("muc#roomconfig_roomsecret: a password-protected room needs a password");
        }
        return new Submission(n, jidList(f, "muc#roomconfig_roomowners"), jidList(f, "muc#roomconfig_roomadmins"));
    }

    /** XEP-0045 §10.2.1 status codes announcing a change: 170-174 for privacy, 104 for the rest. */
    static Set<Integer> changeCodes(RoomConfig before, RoomConfig after) {
        Set<Integer> codes = new java.util.TreeSet<>();
        if (before.logging() != after.logging()) {
            codes.add(after.logging() ? 170 : 171);
        }
        if (before.whois() != after.whois()) {
            codes.add(switch (after.whois()) {
                case ANYONE -> 172;
                case MODERATORS -> 173;
                case NOBODY -> 174;
            });
        }
        RoomConfig sameAsBefore = new RoomConfig(after.title(), after.description(), after.language(),
                after.publicRoom(), after.persistent(), after.moderated(), after.membersOnly(),
                after.passwordProtected(), after.password(), before.whois(), after.maxUsers(), after.changeSubject(),
                after.allowInvites(), after.allowPm(), after.presenceBroadcast(), after.memberListReaders(),
                before.logging(), after.historyFetch());
        if (!sameAsBefore.equals(before)) {
            codes.add(104);
        }
        return codes;
    }

    private static String text(DataForm f, String var, String current) {
        if (!f.has(var)) {
            return current;
        }
        String v = f.first(var);
        return v == null ? "" : v;
    }

    private static int positive(String var, String v) {
        int n = nonNegative(var, v);
        if (n == 0) {
            throw new IllegalArgumentException(var + ": must be positive or none");
        }
        return n;
    }

    private static int nonNegative(String var, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(var + ": not a number: " + v);
        }
    }

    private static Set<Role> roles(DataForm f, String var) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String v : f.all(var)) {
            Role r = Role.of(v);
            if (r == null || r == Role.NONE) {
                throw new IllegalArgumentException(var + ": not a role: " + v);
            }
            out.add(r);
        }
        return out;
    }

    private static List<String> roleValues(Set<Role> roles) {
        List<String> out = new ArrayList<>();
        for (String r : ROLES) {
            if (roles.contains(Role.of(r))) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<String> jids(Affiliations affiliations, Affiliation a) {
        List<String> out = new ArrayList<>();
        affiliations.with(a).forEach(e -> out.add(e.jid().toString()));
        return out;
    }

    private static List<Jid> jidList(DataForm f, String var) {
        if (!f.has(var)) {
            return null;
        }
        List<Jid> out = new ArrayList<>();
        for (String v : f.all(var)) {
            if (v.isBlank()) {
                continue;
            }
            try {
                out.add(Jid.parse(v.trim()).bare());
            } catch (JidFormatException e) {
                throw new IllegalArgumentException(var + ": " + e.getMessage());
            }
        }
        return out;
    }
}
