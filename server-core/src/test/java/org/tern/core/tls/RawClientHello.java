package org.tern.core.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;

/**
 * A hand-made TLS 1.1 ClientHello, to probe whether a server accepts TLS 1.1. The JDK client
 * cannot be used for that: its java.security disables TLS 1.1, and changing that is JVM-wide.
 */
final class RawClientHello {
    enum Outcome { SERVER_HELLO, REFUSED }

    record Reply(Outcome outcome, int serverVersion) {
    }

    private RawClientHello() {
    }

    static Reply tls11(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(hello(0x0302));
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (EOFException | SocketException e) {
                return new Reply(Outcome.REFUSED, 0);
            }
            in.readUnsignedShort(); // record version
            int length = in.readUnsignedShort();
            byte[] body = new byte[length];
            in.readFully(body);
            if (type == 22 && body.length >= 6 && body[0] == 2) {
                return new Reply(Outcome.SERVER_HELLO, (body[4] & 0xff) << 8 | (body[5] & 0xff));
            }
            if (type == 21) {
                return new Reply(Outcome.REFUSED, 0);
            }
            throw new AssertionError("unexpected TLS record type " + type);
        }
    }

    static byte[] hello(int version) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(version >> 8);
        h.write(version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        h.writeBytes(random);
        h.write(0); // no session id
        int[] suites = {0xC009, 0xC013, 0xC00A, 0xC014, 0x002F, 0x0035, 0x00FF};
        writeShort(h, suites.length * 2);
        for (int suite : suites) {
            writeShort(h, suite);
        }
        h.write(1); // compression methods: null
        h.write(0);
        byte[] extensions = {
            0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,             // ec_point_formats: uncompressed
        };
        writeShort(h, extensions.length);
        h.writeBytes(extensions);
        byte[] body = h.toByteArray();

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(22); // handshake
        writeShort(record, 0x0301);
        writeShort(record, body.length + 4);
        record.write(1); // client_hello
        record.write(0);
        writeShort(record, body.length);
        record.writeBytes(body);
        return record.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }
}
