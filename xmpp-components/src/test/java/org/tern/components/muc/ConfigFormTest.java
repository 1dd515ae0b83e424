package org.tern.components.muc;

import org.junit.jupiter.api.Test;
import org.tern.components.DataForm;
import org.tern.core.jid.Jid;
import org.tern.core.xml.Element;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XEP-0045 §10.2 and §15.5.3: the muc#roomconfig form read and written. */
class ConfigFormTest {
    private static final RoomConfig DEFAULTS = RoomConfig.defaults(20);

    private static DataForm submit(Map<String, List<String>> fields) {
        DataForm.Builder b = DataForm.builder("submit").hidden("FORM_TYPE", Muc.ROOMCONFIG);
        fields.forEach((k, v) -> b.field(k, null, null, v, null));
        return DataForm.parse(b.build());
    }

    @Test
    void renderedFormSubmittedBackChangesNothing() {
        Affiliations affiliations = new Affiliations(Set.of());
        affiliations.put(new Affiliations.Entry(Jid.domain("alice@example.org"), Affiliation.OWNER, null, null));
        Element form = ConfigForm.render(DEFAULTS, affiliations, 5000);
        DataForm parsed = DataForm.parse(form.withAttr("type", "submit"));
        ConfigForm.Submission s = ConfigForm.apply(DEFAULTS, parsed, 50);
        assertEquals(DEFAULTS, s.config());
        assertEquals(List.of(Jid.domain("alice@example.org")), s.owners());
        assertEquals(List.of(), s.admins());
        assertEquals(Set.of(), ConfigForm.changeCodes(DEFAULTS, s.config()));
    }

    @Test
    void anInstantRoomSubmissionKeepsTheDefaults() {
        ConfigForm.Submission s = ConfigForm.apply(DEFAULTS, DataForm.parse(DataForm.builder("submit").build()), 50);
        assertEquals(DEFAULTS, s.config());
        assertNull(s.owners());
    }

    @Test
    void fieldsAreReadWithXep0004Booleans() {
        RoomConfig c = ConfigForm.apply(DEFAULTS, submit(Map.of(
                "muc#roomconfig_persistentroom", List.of("1"),
                "muc#roomconfig_membersonly", List.of("true"),
                "muc#roomconfig_whois", List.of("anyone"),
                "muc#roomconfig_maxusers", List.of("30"),
                "muc#roomconfig_presencebroadcast", List.of("moderator", "participant"),
                "muc#maxhistoryfetch", List.of("500"))), 50).config();
        assertTrue(c.persistent() && c.membersOnly());
        assertEquals(RoomConfig.Whois.ANYONE, c.whois());
        assertEquals(30, c.maxUsers());
        assertEquals(Set.of(Role.MODERATOR, Role.PARTICIPANT), c.presenceBroadcast());
        assertEquals(50, c.historyFetch(), "capped by what the service keeps");
        assertEquals(0, ConfigForm.apply(c, submit(Map.of("muc#roomconfig_maxusers", List.of("none"))), 50).config().maxUsers());
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        for (Map<String, List<String>> bad : List.of(
                Map.of("muc#roomconfig_persistentroom", List.of("maybe")),
                Map.of("muc#roomconfig_whois", List.of("everyone")),
                Map.of("muc#roomconfig_maxusers", List.of("-3")),
                Map.of("muc#roomconfig_presencebroadcast", List.of("king")),
                Map.of("muc#roomconfig_passwordprotectedroom", List.of("1")),
                Map.of("muc#roomconfig_roomowners", List.of("not a jid@@")))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConfigForm.apply(DEFAULTS, submit(bad), 50));
            assertTrue(e.getMessage().startsWith(bad.keySet().iterator().next().equals("muc#roomconfig_passwordprotectedroom")
                    ? "muc#roomconfig_roomsecret" : bad.keySet().iterator().next()), e.getMessage());
        }
    }

    @Test
    void changeCodesFollowXep0045Section10_2_1() {
        RoomConfig logged = ConfigForm.apply(DEFAULTS, submit(Map.of("muc#roomconfig_enablelogging", List.of("1"))), 50).config();
        assertEquals(Set.of(170), ConfigForm.changeCodes(DEFAULTS, logged));
        assertEquals(Set.of(171), ConfigForm.changeCodes(logged, DEFAULTS));
        RoomConfig open = ConfigForm.apply(DEFAULTS, submit(Map.of("muc#roomconfig_whois", List.of("anyone"),
                "muc#roomconfig_roomname", List.of("x"))), 50).config();
        assertEquals(Set.of(104, 172), ConfigForm.changeCodes(DEFAULTS, open));
        RoomConfig hidden = ConfigForm.apply(DEFAULTS, submit(Map.of("muc#roomconfig_whois", List.of("none"))), 50).config();
        assertEquals(Set.of(174), ConfigForm.changeCodes(DEFAULTS, hidden));
        assertEquals(Set.of(173), ConfigForm.changeCodes(hidden, DEFAULTS));
    }

    @Test
    void storedFormRoundTrips() {
        RoomConfig c = ConfigForm.apply(DEFAULTS, submit(Map.of("muc#roomconfig_roomname", List.of("Name, with comma"),
                "muc#roomconfig_allowpm", List.of("moderators"), "muc#roomconfig_getmemberlist", List.of())), 50).config();
        assertEquals(c, RoomConfig.fromMap(c.toMap(), DEFAULTS));
        assertEquals(DEFAULTS, RoomConfig.fromMap(Map.of("unknown-key", "x"), DEFAULTS));
    }
}
