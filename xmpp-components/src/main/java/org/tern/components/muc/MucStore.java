package org.tern.components.muc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tern.core.jid.Jid;
import org.tern.core.storage.Storage;
import org.tern.core.xml.Element;
import org.tern.core.xml.StreamEvent;
import org.tern.core.xml.XmlStreamException;
import org.tern.core.xml.XmlStreamParser;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Persistent rooms in the database: configuration, affiliations, subject, recent history. Every
 * call runs on the storage pool; a room awaits its own writes before going on, so its rows are
 * always written in the order it changed.
 */
final class MucStore {
    private static final Logger log = LoggerFactory.getLogger(MucStore.class);

    /** A room as stored; history oldest first. */
    record StoredRoom(long createdAt, RoomConfig config, List<Affiliations.Entry> affiliations, Subject subject,
                      List<History.Entry> history, long lastSeq) {
    }

    /** A public room for the service's disco#items. */
    record Listed(String name, String title) {
    }

    /** A history row on its way to the database. */
    record HistoryRow(String room, long seq, Instant stamp, Jid sender, String stanza, int keep) {
    }

    private final Storage storage;

    MucStore(Storage storage) {
        this.storage = storage;
    }

    CompletableFuture<StoredRoom> load(String room, RoomConfig defaults, int historySize) {
        return storage.transaction(c -> {
            long created;
            Subject subject = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT created_at, subject, subject_nick, subject_at FROM muc_room WHERE name = ?")) {
                ps.setString(1, room);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    created = rs.getLong(1);
                    String text = rs.getString(2);
                    if (text != null) {
                        long at = rs.getLong(4);
                        subject = new Subject(text, rs.getString(3), rs.wasNull() ? null : Instant.ofEpochMilli(at));
                    }
                }
            }
            Map<String, String> config = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT config_key, config_value FROM muc_room_config WHERE room = ?")) {
                ps.setString(1, room);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        config.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            List<Affiliations.Entry> affiliations = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT jid, affiliation, nick, reason FROM muc_affiliation WHERE room = ?")) {
                ps.setString(1, room);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Jid jid = Jid.parseOrNull(rs.getString(1));
                        Affiliation a = Affiliation.of(rs.getString(2));
                        if (jid != null && a != null) {
                            affiliations.add(new Affiliations.Entry(jid, a, rs.getString(3), rs.getString(4)));
                        }
                    }
                }
            }
            List<History.Entry> history = new ArrayList<>();
            long lastSeq = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, stamp, stanza FROM muc_history WHERE room = ? ORDER BY seq DESC")) {
                ps.setString(1, room);
                ps.setMaxRows(Math.max(1, historySize));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        lastSeq = Math.max(lastSeq, seq);
                        String xml = rs.getString(3);
                        Element message = parse(xml);
                        if (message != null && historySize > 0) {
                            history.add(new History.Entry(seq, Instant.ofEpochMilli(rs.getLong(2)), message, xml.length()));
                        }
                    }
                }
            }
            Collections.reverse(history);
            return new StoredRoom(created, RoomConfig.fromMap(config, defaults), affiliations, subject, history, lastSeq);
        });
    }

    /** Writes a room that became persistent, with everything it has so far. */
    CompletableFuture<Void> create(String room, long createdAt, RoomConfig config,
                                   Collection<Affiliations.Entry> affiliations, Subject subject) {
        return storage.transaction(c -> {
            deleteRows(c, room, false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO muc_room (name, created_at) VALUES (?, ?)")) {
                ps.setString(1, room);
                ps.setLong(2, createdAt);
                ps.executeUpdate();
            }
            writeConfig(c, room, config);
            for (Affiliations.Entry e : affiliations) {
                writeAffiliation(c, room, e);
            }
            writeSubject(c, room, subject);
            return null;
        });
    }

    CompletableFuture<Void> saveConfig(String room, RoomConfig config) {
        return storage.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM muc_room_config WHERE room = ?")) {
                ps.setString(1, room);
                ps.executeUpdate();
            }
            writeConfig(c, room, config);
            return null;
        });
    }

    CompletableFuture<Void> saveAffiliations(String room, Collection<Affiliations.Entry> changed) {
        return storage.transaction(c -> {
            for (Affiliations.Entry e : changed) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM muc_affiliation WHERE room = ? AND jid = ?")) {
                    ps.setString(1, room);
                    ps.setString(2, e.jid().toString());
                    ps.executeUpdate();
                }
                if (e.affiliation() != Affiliation.NONE || e.nick() != null) {
                    writeAffiliation(c, room, e);
                }
            }
            return null;
        });
    }

    CompletableFuture<Void> saveSubject(String room, Subject subject) {
        return storage.transaction(c -> {
            writeSubject(c, room, subject);
            return null;
        });
    }

    /** Removes a room and its history. */
    CompletableFuture<Void> delete(String room) {
        return storage.transaction(c -> {
            deleteRows(c, room, true);
            return null;
        });
    }

    CompletableFuture<List<Listed>> publicRooms() {
        return storage.transaction(c -> {
            List<Listed> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT r.name, t.config_value FROM muc_room r"
                            + " JOIN muc_room_config p ON p.room = r.name AND p.config_key = 'public' AND p.config_value = 'true'"
                            + " LEFT JOIN muc_room_config t ON t.room = r.name AND t.config_key = 'title'")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Listed(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    /** Inserts a batch of history rows and trims each room to its last rows. */
    void writeHistory(Connection c, List<HistoryRow> rows) throws SQLException {
        Map<String, long[]> trim = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO muc_history (room, seq, stamp, sender, stanza) VALUES (?, ?, ?, ?, ?)")) {
            for (HistoryRow r : rows) {
                ps.setString(1, r.room());
                ps.setLong(2, r.seq());
                ps.setLong(3, r.stamp().toEpochMilli());
                ps.setString(4, r.sender().toString());
                ps.setString(5, r.stanza());
                ps.addBatch();
                long[] t = trim.computeIfAbsent(r.room(), k -> new long[2]);
                t[0] = Math.max(t[0], r.seq());
                t[1] = r.keep();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM muc_history WHERE room = ? AND seq <= ?")) {
            for (Map.Entry<String, long[]> e : trim.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setLong(2, e.getValue()[0] - e.getValue()[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The per-service secret for occupant ids, created on first start. Start-up only (blocks). */
    byte[] secret() throws SQLException {
        return storage.transactionNow(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT setting_value FROM muc_service WHERE setting_key = 'occupant-id-secret'")) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Base64.getDecoder().decode(rs.getString(1));
                    }
                }
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO muc_service (setting_key, setting_value) VALUES ('occupant-id-secret', ?)")) {
                ps.setString(1, Base64.getEncoder().encodeToString(secret));
                ps.executeUpdate();
            }
            return secret;
        });
    }

    private static void deleteRows(Connection c, String room, boolean withHistory) throws SQLException {
        List<String> statements = new ArrayList<>(List.of("DELETE FROM muc_room WHERE name = ?",
                "DELETE FROM muc_room_config WHERE room = ?", "DELETE FROM muc_affiliation WHERE room = ?"));
        if (withHistory) {
            statements.add("DELETE FROM muc_history WHERE room = ?");
        }
        for (String sql : statements) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, room);
                ps.executeUpdate();
            }
        }
    }

    private static void writeConfig(Connection c, String room, RoomConfig config) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO muc_room_config (room, config_key, config_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : config.toMap().entrySet()) {
                ps.setString(1, room);
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeAffiliation(Connection c, String room, Affiliations.Entry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO muc_affiliation (room, jid, affiliation, nick, reason) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, room);
            ps.setString(2, e.jid().toString());
            ps.setString(3, e.affiliation().value());
            ps.setString(4, e.nick());
            ps.setString(5, e.reason());
            ps.executeUpdate();
        }
    }

    private static void writeSubject(Connection c, String room, Subject subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE muc_room SET subject = ?, subject_nick = ?, subject_at = ? WHERE name = ?")) {
            ps.setString(1, subject == null ? null : subject.text());
            ps.setString(2, subject == null ? null : subject.nick());
            if (subject == null || subject.at() == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, subject.at().toEpochMilli());
            }
            ps.setString(4, room);
            ps.executeUpdate();
        }
    }

    /** Parses a stored stanza; null (and a warning) for one that no longer parses. */
    static Element parse(String xml) {
        XmlStreamParser p = new XmlStreamParser(new XmlStreamParser.Limits(Integer.MAX_VALUE / 2, 64, 256, 8192),
                XmlStreamParser.Mode.FRAMED);
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        p.feed(bytes, 0, bytes.length);
        try {
            StreamEvent e = p.next();
            if (e instanceof StreamEvent.Stanza s) {
                return s.element();
            }
        } catch (XmlStreamException e) {
            log.warn("skipping a stored history message that does not parse: {}", e.getMessage());
        }
        return null;
    }
}
