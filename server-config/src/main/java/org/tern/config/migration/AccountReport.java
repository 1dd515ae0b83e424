package org.tern.config.migration;

import org.tern.core.jid.Jid;
import org.tern.core.module.ImportReport;
import org.tern.core.xml.Element;

import java.util.ArrayList;
import java.util.List;

/** The notes about one imported account, each with the file and line of the element it concerns. */
final class AccountReport implements ImportReport {
    private final Jid account;
    private final Locations where;
    private final String userPlace;
    private final List<String> notes = new ArrayList<>();

    AccountReport(Jid account, Locations where, String userPlace) {
        this.account = account;
        this.where = where;
        this.userPlace = userPlace;
    }

    @Override
    public Jid account() {
        return account;
    }

    @Override
    public void note(Element at, String message) {
        notes.add(place(at) + ": " + account + ": note: " + message);
    }

    /** The place of an element of this account, the {@code <user/>} element's for null or an unknown one. */
    String place(Element at) {
        return where.of(at, userPlace);
    }

    List<String> notes() {
        return notes;
    }
}
