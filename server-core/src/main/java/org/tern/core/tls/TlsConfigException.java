package org.tern.core.tls;

import java.nio.file.Path;

/**
 * A TLS setting that cannot be used: a file that is missing, unreadable, not what it should be,
 * or a key that does not belong to its certificate. The message names the setting, the file and
 * what is wrong, e.g. {@code tls.key: /etc/x/key.pem: no private key found (...)}, so it can be
 * shown to an administrator as it is.
 */
public final class TlsConfigException extends Exception {
    /** Setting names used in messages: the PEM certificate chain, the PEM key, a PKCS#12 store. */
    static final String CERT = "tls.cert";
    static final String KEY = "tls.key";
    static final String KEYSTORE = "tls.keystore";
    static final String SELF_SIGNED = "tls.self-signed";

    private final String setting;
    private final Path file;
    private final String problem;

    public TlsConfigException(String setting, Path file, String problem) {
        this(setting, file, problem, null);
    }

    public TlsConfigException(String setting, Path file, String problem, Throwable cause) {
        super(format(setting, file, problem), cause);
        this.setting = setting;
        this.file = file;
        this.problem = problem;
    }

    private static String format(String setting, Path file, String problem) {
        StringBuilder sb = new StringBuilder();
        if (setting != null) {
            sb.append(setting).append(": ");
        }
        if (file != null) {
            sb.append(file).append(": ");
        }
        return sb.append(problem).toString();
    }

    /** The setting the problem belongs to ({@code tls.key}, {@code tls.cert}, ...), or null. */
    public String setting() {
        return setting;
    }

    /** The file at fault, or null when the problem is not about one file. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the setting and file. */
    public String problem() {
        return problem;
    }
}
