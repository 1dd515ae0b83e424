package org.tern.core.carbons;

import org.tern.core.event.MessageDelivered;
import org.tern.core.event.StanzaFromClient;
import org.tern.core.jid.Jid;
import org.tern.core.module.IqScope;
import org.tern.core.module.ModuleContext;
import org.tern.core.module.Outcome;
import org.tern.core.module.Phase;
import org.tern.core.session.ClientSession;
import org.tern.core.session.SessionKey;
import org.tern.core.session.Sessions;
import org.tern.core.stanza.Namespaces;
import org.tern.core.stanza.Stanza;
import org.tern.core.stanza.StanzaErrorCondition;
import org.tern.core.stanza.StanzaException;
import org.tern.core.xml.Element;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * XEP-0280 message carbons: every carbons-enabled resource of an account sees both sides of its
 * one-to-one conversations, as forwarded copies of what other resources sent and received.
 */
public final class MessageCarbons {
    public static final String NS = "urn:xmpp:carbons:2";
    static final String FORWARD = "urn:xmpp:forward:0";
    static final String MUC_USER = "http://jabber.org/protocol/muc#user";
    static final SessionKey<Boolean> ENABLED = SessionKey.of("carbons.enabled");

    private final Sessions sessions;

    private MessageCarbons(Sessions sessions) {
        this.sessions = sessions;
    }

    public static void register(ModuleContext ctx) {
        MessageCarbons carbons = new MessageCarbons(ctx.sessions());
        ctx.serverFeature(NS);
        for (String op : new String[] {"enable", "disable"}) {
            boolean on = op.equals("enable");
            ctx.iq(IqScope.ACCOUNT, Stanza.IqType.SET, op, NS, r -> {
                if (r.session() == null || !r.fromOwnAccount()) {
                    throw new StanzaException(StanzaErrorCondition.NOT_ALLOWED, "Only a client may switch its own carbons");
                }
                r.session().set(ENABLED, on ? Boolean.TRUE : null);
                return CompletableFuture.completedFuture(null);
            });
        }
        ctx.on(StanzaFromClient.class, Phase.DEFAULT, e -> {
            carbons.sent(e.session(), e.stanza());
            return Outcome.CONTINUE.stage();
        });
        ctx.on(MessageDelivered.class, Phase.DEFAULT, e -> {
            carbons.received(e.message(), e.recipients());
            return Outcome.CONTINUE.stage();
        });
    }

    /** XEP-0280 §6, the suggested rules: chat, or normal with a body; nothing from or for MUC; no opt-outs. */
    static boolean eligible(Stanza m) {
        if (!m.isMessage()) {
            return false;
        }
        Stanza.MessageType t = m.messageType();
        if (!(t == Stanza.MessageType.CHAT || (t == Stanza.MessageType.NORMAL && m.hasBody()))) {
            return false;
        }
        Element e = m.element();
        return e.child("private", NS) == null
                && e.child("no-copy", Namespaces.HINTS) == null
                && e.child("received", NS) == null
                && e.child("sent", NS) == null
                && e.child("x", MUC_USER) == null;
    }

    /** §8: copies of what one resource sent go to the account's other carbons-enabled resources. */
    void sent(ClientSession sender, Stanza message) {
        if (!eligible(message)) {
            return;
        }
        for (ClientSession s : sessions.of(sender.bareJid())) {
            if (s != sender && Boolean.TRUE.equals(s.get(ENABLED))) {
                s.deliver(wrap("sent", message, sender.bareJid(), s.jid()));
            }
        }
    }

    /** §7: copies of a received message go to the carbons-enabled resources that did not get it. */
    void received(Stanza message, List<ClientSession> recipients) {
        if (!eligible(message) || message.to() == null) {
            return;
        }
        Jid account = message.to().bare();
        for (ClientSession s : sessions.of(account)) {
            if (!recipients.contains(s) && Boolean.TRUE.equals(s.get(ENABLED))) {
                s.deliver(wrap("received", message, account, s.jid()));
            }
        }
    }

    private static Stanza wrap(String direction, Stanza message, Jid account, Jid to) {
        Element copy = Element.builder("message", Namespaces.CLIENT)
                .attr("from", account.toString())
                .attr("to", to.toString())
                .attr("type", message.typeAttribute())
                .child(Element.builder(direction, NS)
                        .child(Element.builder("forwarded", FORWARD).child(message.element()).build())
                        .build())
                .build();
        return Stanza.trusted(copy);
    }
}
