package org.tern.bench.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.tern.bench.client.Connector;
import org.tern.bench.client.Login;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What every scenario gets: the connector to the server under test, the accounts, timings, and
 * where the server's process and data are (for memory and disk figures).
 *
 * @param server      name of the server under test, for reports ("tern", "prosody", "ejabberd")
 * @param users       accounts u0..u(users-1) exist, all with {@code password}
 * @param warmupSec   warm-up before each measured phase
 * @param durationSec each measured phase
 * @param concurrency logins in flight at once when bringing clients online
 * @param serverPid   the server's process id (0: unknown, no memory figures)
 * @param dataPaths   the server's storage on disk, for sizes
 * @param out         where reports go
 */
public record Bench(String server, Connector connector, int users, String password, int warmupSec,
                    int durationSec, int concurrency, long serverPid, List<Path> dataPaths, Path out,
                    PrintStream log) {

    public static final String USER_PREFIX = "u";
    /** Accounts of the roster scenario: r0 owns a roster of r1..r1000. */
    public static final String ROSTER_PREFIX = "r";

    public String user(int i) {
        return USER_PREFIX + i;
    }

    public String bareJid(String user) {
        return user + "@" + connector.domain();
    }

    public Login login(int i) {
        return Login.of(user(i), password);
    }

    public Online online() {
        return new Online(connector, concurrency);
    }

    public void say(String fmt, Object... args) {
        log.printf("[%s] " + fmt + "%n", prepend(server, args));
        log.flush();
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] a = new Object[rest.length + 1];
        a[0] = first;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }

    /** A histogram of microseconds up to one hour, 3 significant digits, safe for concurrent recording. */
    public static Histogram histogram() {
        return new ConcurrentHistogram(3_600_000_000L, 3);
    }
}
