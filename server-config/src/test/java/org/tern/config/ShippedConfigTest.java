package org.tern.config;

import org.junit.jupiter.api.Test;
import org.tern.core.server.Kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shipped etc/tern.properties documents every key with its true default, and loads. */
class ShippedConfigTest {
    static final Path SHIPPED = Path.of("..", "etc", "tern.properties");

    @Test
    void isTheGeneratedReference() throws Exception {
        assertEquals(ConfigReference.render(Kernel.options(Kernel.discoverModules())), Files.readString(SHIPPED),
                "etc/tern.properties is stale: regenerate it with ./tern config-reference > etc/tern.properties");
    }

    @Test
    void loadsWithoutErrors() throws Exception {
        var config = new ConfigLoader(Kernel.options(Kernel.discoverModules())).load(SHIPPED, Map.of(), new Properties());
        assertEquals("localhost", config.raw("server.domain"));
    }
}
