package org.tern.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tern.core.c2s.C2sSettings;
import org.tern.core.config.Config;
import org.tern.core.server.Kernel;
import org.tern.core.server.ServerSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation names the key, the file and the line; overrides come from the environment and -D. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(Kernel.options(Kernel.discoverModules()));

    private Path file(String text) throws Exception {
        Path f = dir.resolve("t.properties");
        Files.writeString(f, text);
        return f;
    }

    private List<String> problems(String text, Map<String, String> env, Properties props) throws Exception {
        Path f = file(text);
        return assertThrows(ConfigLoader.ConfigException.class, () -> loader.load(f, env, props)).problems();
    }

    @Test
    void badValuesUnknownKeysAndDuplicates() throws Exception {
        List<String> p = problems("""
                # comment
                server.domain = localhost
                c2s.port = seventy
                stream.idle-timeout = 5 minutes
                sesion.max-resources = 3
                server.domain = example.org
                just text
                """, Map.of(), new Properties());
        String f = dir.resolve("t.properties").toString();
        assertTrue(p.contains(f + ":3: c2s.port: 'seventy' is not an integer (expected integer 0..65535)"), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith(f + ":4: stream.idle-timeout: ")), p.toString());
        assertTrue(p.contains(f + ":5: sesion.max-resources: unknown key (did you mean session.max-resources?)"), p.toString());
        assertTrue(p.contains(f + ":6: server.domain: given again (first at line 2)"), p.toString());
        assertTrue(p.contains(f + ":7: expected 'key = value', found 'just text'"), p.toString());
    }

    @Test
    void environmentAndSystemPropertiesOverride() throws Exception {
        Properties props = new Properties();
        props.setProperty("tern.c2s.tls-port", "6223");
        Config c = loader.load(file("c2s.port = 5222\nc2s.tls-port = 5223\n"), Map.of("TERN_C2S_PORT", "6222", "HOME", "/x"), props);
        assertEquals(6222, c.get(C2sSettings.PORT));
        assertEquals(6223, c.get(C2sSettings.TLS_PORT));
        Properties bad = new Properties();
        bad.setProperty("tern.c2s.prot", "1");
        assertTrue(problems("", Map.of(), bad).contains("system property tern.c2s.prot: unknown key (did you mean c2s.port?)"));
        List<String> p = problems("", Map.of("TERN_C2S_PORT", "-5"), new Properties());
        assertTrue(p.get(0).startsWith("environment TERN_C2S_PORT: c2s.port: -5 is out of range"), p.toString());
    }

    @Test
    void loadTestSettingsNeedTheLoadTestingSwitch() throws Exception {
        List<String> p = problems("c2s.starttls = optional\nauth.plain-without-tls = true\n", Map.of(), new Properties());
        String f = dir.resolve("t.properties").toString();
        assertTrue(p.stream().anyMatch(s -> s.startsWith(f + ":1: c2s.starttls: optional TLS is for load tests only")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith(f + ":2: auth.plain-without-tls: PLAIN without TLS")), p.toString());
        Config ok = loader.load(file("server.load-testing = true\nc2s.starttls = optional\nauth.plain-without-tls = true\n"),
                Map.of(), new Properties());
        assertTrue(ok.get(ServerSettings.LOAD_TESTING));
    }

    @Test
    void certificateWithoutKeyAndMissingFiles() throws Exception {
        List<String> p = problems("tls.certificate = /nonexistent/cert.pem\n", Map.of(), new Properties());
        String f = dir.resolve("t.properties").toString();
        assertTrue(p.contains(f + ":1: tls.certificate: tls.key must be set with tls.certificate"), p.toString());
        assertTrue(p.contains(f + ":1: tls.certificate: /nonexistent/cert.pem: file not found or not readable"), p.toString());
        assertTrue(problems("server.domain = Not A Domain\n", Map.of(), new Properties()).get(0)
                .contains("server.domain: 'Not A Domain' is not a valid, normalised domain"));
    }

    @Test
    void missingFile() {
        var e = assertThrows(ConfigLoader.ConfigException.class,
                () -> loader.load(dir.resolve("absent.properties"), Map.of(), new Properties()));
        assertTrue(e.getMessage().endsWith("absent.properties: configuration file not found"));
    }

    @Test
    void csvAccountLines() {
        assertEquals(List.of("alice", "pa,ss\"word"), AccountFile.csv("alice,\"pa,ss\"\"word\""));
        assertEquals(null, AccountFile.csv("alice,\"unterminated"));
        assertEquals(List.of("bob", "x", "y"), AccountFile.csv("bob,x,y"));
    }
}
