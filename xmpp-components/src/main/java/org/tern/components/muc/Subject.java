package org.tern.components.muc;

import java.time.Instant;

/** A room's subject (XEP-0045 §8.1): the text, who set it (nickname) and when; null fields when unknown. */
record Subject(String text, String nick, Instant at) {
}
