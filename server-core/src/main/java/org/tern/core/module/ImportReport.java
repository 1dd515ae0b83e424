package org.tern.core.module;

import org.tern.core.jid.Jid;
import org.tern.core.xml.Element;

/**
 * What an {@link AccountDataPort} tells the operator while importing one account. Pass the
 * element concerned (a child of the account's {@code <user/>} element, or one of its
 * descendants): the report names its file and line.
 */
public interface ImportReport {
    /** The account being imported. */
    Jid account();

    /** Something left out or changed on import; the account is imported all the same. */
    void note(Element where, String message);

    /** Refuses the whole account: nothing of it is written. */
    final class Rejected extends Exception {
        private final transient Element where;

        /** @param where the element at fault (its file and line are reported), or null for the account itself */
        public Rejected(Element where, String message) {
            super(message, null, false, false);
            this.where = where;
        }

        public Element where() {
            return where;
        }
    }
}
