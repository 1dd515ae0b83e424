package org.tern.components.muc;

import org.tern.core.config.Config;
import org.tern.core.config.Option;
import org.tern.core.jid.Jid;
import org.tern.core.jid.JidFormatException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The MUC service's configuration keys ("muc.*") and their parsed values. */
record MucSettings(String subdomain, String name, RoomCreation roomCreation, Set<Jid> admins, int maxOccupants,
                   int historySize, int historyDefault, boolean enforceReservedNicks,
                   boolean inviteGrantsMembership, int threads) {

    /** Who may create rooms. */
    enum RoomCreation { ANYONE, ADMINS }

    static final Option<String> SUBDOMAIN = Option.custom("muc.subdomain", "conference", "DNS label",
            "Subdomain of the server's domain the MUC service answers on (conference -> conference.<domain>).",
            MucSettings::label);
    static final Option<String> NAME = Option.string("muc.name", "Chatrooms",
            "Name of the MUC service in service discovery.");
    static final Option<RoomCreation> ROOM_CREATION = Option.choice("muc.room-creation", RoomCreation.class,
            RoomCreation.ANYONE, "Who may create rooms: anyone with an account, or only the service admins (muc.admins).");
    static final Option<Set<Jid>> ADMINS = Option.custom("muc.admins", "", "comma-separated bare JIDs",
            "Service admins: owners of every room, and the only room creators when muc.room-creation = admins.",
            MucSettings::bareJids);
    static final Option<Integer> MAX_OCCUPANTS = Option.integer("muc.max-occupants", 5000, 1, 1_000_000,
            "Most occupants a room admits (a room's own muc#roomconfig_maxusers may be lower); admins and owners may always enter.");
    static final Option<Integer> HISTORY_SIZE = Option.integer("muc.history-size", 50, 0, 10_000,
            "Messages of discussion history a room keeps (in memory, and in the database for persistent rooms).");
    static final Option<Integer> HISTORY_DEFAULT = Option.integer("muc.history-default", 20, 0, 10_000,
            "Default muc#maxhistoryfetch of new rooms: the most history messages sent on entry (owners may change it, up to muc.history-size).");
    static final Option<Boolean> ENFORCE_RESERVED_NICKS = Option.bool("muc.enforce-reserved-nicks", false,
            "An affiliated user with a reserved nickname always enters under it (status code 210 when it differs).");
    static final Option<Boolean> INVITE_GRANTS_MEMBERSHIP = Option.bool("muc.invite-grants-membership", true,
            "A mediated invitation by a room admin or owner to a members-only room makes the invitee a member.");
    static final Option<Integer> THREADS = Option.integer("muc.threads", 0, 0, 256,
            "Threads that run room work (0: one per processor). Each room handles one stanza at a time.");

    static List<Option<?>> options() {
        return List.of(SUBDOMAIN, NAME, ROOM_CREATION, ADMINS, MAX_OCCUPANTS, HISTORY_SIZE, HISTORY_DEFAULT,
                ENFORCE_RESERVED_NICKS, INVITE_GRANTS_MEMBERSHIP, THREADS);
    }

    static MucSettings from(Config c) {
        int threads = c.get(THREADS);
        return new MucSettings(c.get(SUBDOMAIN), c.get(NAME), c.get(ROOM_CREATION), c.get(ADMINS),
                c.get(MAX_OCCUPANTS), c.get(HISTORY_SIZE), Math.min(c.get(HISTORY_DEFAULT), c.get(HISTORY_SIZE)),
                c.get(ENFORCE_RESERVED_NICKS), c.get(INVITE_GRANTS_MEMBERSHIP),
                threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
    }

    boolean isAdmin(Jid jid) {
        return jid != null && admins.contains(jid.bare());
    }

    private static String label(String s) {
        if (!s.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
            throw new IllegalArgumentException("'" + s + "' is not a DNS label (lower-case letters, digits, '-')");
        }
        return s;
    }

    private static Set<Jid> bareJids(String s) {
        Set<Jid> out = new LinkedHashSet<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                Jid j = Jid.parse(p);
                if (!j.isBare() || !j.hasLocal()) {
                    throw new IllegalArgumentException("'" + p + "' is not a bare JID (user@domain)");
                }
                out.add(j);
            } catch (JidFormatException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        return Set.copyOf(out);
    }
}
