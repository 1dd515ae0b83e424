package org.tern.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {

    @Test
    void acceptsEveryWellFormedSequenceAcrossAnySplit() {
        byte[] text = "a\u00e9\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff z".getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= text.length; split++) {
            Utf8Validator v = new Utf8Validator();
            assertEquals(-1, v.scan(text, 0, split), "first part, split " + split);
            assertEquals(-1, v.scan(text, split, text.length), "second part, split " + split);
        }
    }

    @Test
    void reportsTheFirstOffendingByte() {
        assertInvalidAt("41c0af", 1);      // overlong '/'
        assertInvalidAt("c1bf", 0);        // overlong
        assertInvalidAt("e0808f", 1);      // overlong 3-byte form
        assertInvalidAt("eda080", 1);      // UTF-16 surrogate
        assertInvalidAt("f08f8080", 1);    // overlong 4-byte form
        assertInvalidAt("f4908080", 1);    // above U+10FFFF
        assertInvalidAt("f5", 0);
        assertInvalidAt("ff", 0);
        assertInvalidAt("4180", 1);        // continuation without lead
        assertInvalidAt("c328", 1);        // lead without continuation
        assertInvalidAt("e28241", 2);
    }

    @Test
    void stateCarriesAcrossSlices() {
        byte[] bad = HexFormat.of().parseHex("e282" + "28");
        Utf8Validator v = new Utf8Validator();
        assertEquals(-1, v.scan(bad, 0, 2));
        assertEquals(2, v.scan(bad, 2, 3));
        byte[] good = HexFormat.of().parseHex("f09f9880");
        Utf8Validator w = new Utf8Validator();
        for (int i = 0; i < good.length; i++) {
            assertEquals(-1, w.scan(good, i, i + 1));
        }
    }

    private static void assertInvalidAt(String hex, int index) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertEquals(index, new Utf8Validator().scan(bytes, 0, bytes.length), hex);
    }
}
