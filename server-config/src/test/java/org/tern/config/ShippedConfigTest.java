package org.tern.config;

import org.junit.jupiter.api.Test;
import org.tern.core.config.Option;
import org.tern.core.server.Kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped etc/tern.properties documents every key with its true default, and loads. */
class ShippedConfigTest {
    static final Path SHIPPED = Path.of("..", "etc", "tern.properties");

    @Test
    void documentsEveryKeyWithItsDefault() throws Exception {
        String text = Files.readString(SHIPPED);
        List<Option<?>> options = Kernel.options(Kernel.discoverModules());
        for (Option<?> o : options) {
            String documented = "#" + o.key() + " = " + (o.defaultText() == null ? "" : o.defaultText());
            String active = "\n" + o.key() + " = ";
            assertTrue(text.contains(documented + "\n") || text.contains(active) || text.contains(") " + o.key() + " = "),
                    "etc/tern.properties lacks '" + documented + "'");
            assertTrue(text.contains(o.description().substring(0, Math.min(40, o.description().length()))),
                    "etc/tern.properties lacks the description of " + o.key());
        }
    }

    @Test
    void loadsWithoutErrors() throws Exception {
        var config = new ConfigLoader(Kernel.options(Kernel.discoverModules()))
                .load(SHIPPED, Map.of(), new Properties());
        assertEquals("localhost", config.raw("server.domain"));
    }
}
