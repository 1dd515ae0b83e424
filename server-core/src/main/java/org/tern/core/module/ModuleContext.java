package org.tern.core.module;

import org.tern.core.auth.UserStore;
import org.tern.core.config.Config;
import org.tern.core.jid.Jid;
import org.tern.core.routing.Router;
import org.tern.core.session.Sessions;
import org.tern.core.stanza.Stanza;
import org.tern.core.storage.Storage;
import org.tern.core.xml.Element;

import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/** What the kernel gives a module: configuration, storage, routing, and registration of its parts. */
public interface ModuleContext {
    Config config();

    /** The server's domain. */
    Jid domain();

    Storage storage();

    Router router();

    Sessions sessions();

    UserStore users();

    Clock clock();

    /** A shared scheduler for timers; never block in its tasks. */
    ScheduledExecutorService scheduler();

    /** Handles an event type in a phase; events are plain records, the kernel's or a module's own. */
    <E> void on(Class<E> eventType, Phase phase, EventHandler<? super E> handler);

    /** Fires an event through every handler registered for its type, in phase order, until one handles it. */
    <E> CompletionStage<Outcome> fire(E event);

    /** Answers iq requests of a type (get/set) whose payload is {element, namespace}, in a scope. */
    void iq(IqScope scope, Stanza.IqType type, String element, String namespace, IqHandler handler);

    /** Adds a feature to the server's disco#info. */
    void serverFeature(String feature);

    /** Adds a feature to the disco#info of every local account's bare JID. */
    void accountFeature(String feature);

    /** Adds a stream feature offered to authenticated clients (with bind), e.g. roster versioning. */
    void streamFeature(Element feature);

    /**
     * Handles a non-stanza element a bound client sends at stream level (stream management, client
     * state indication), keyed by name and namespace. The function gets the session and the element.
     */
    void streamElement(String element, String namespace, StreamElementHandler handler);

    /** Hosts a component on {@code subdomain + "." + domain}. */
    void component(String subdomain, Component component);

    /** Registers the handler of an admin command declared in {@link TernModule#adminCommands()}. */
    void adminCommand(String name, AdminCommand.Handler handler);

    /**
     * Answers disco#info and disco#items queries carrying {@code node}, addressed to the server
     * (SERVER) or to a local account's bare JID, 'to' omitted included (ACCOUNT). Queries naming a
     * node nobody registered get item-not-found.
     */
    void discoNode(IqScope scope, String node, DiscoNode handler);

    /** Disco identity of the server itself, e.g. ("pubsub", "pep"); the kernel declares server/im. */
    void serverIdentity(String category, String type, String name);

    /** Takes part in XEP-0227 export and import of accounts ({@code tern export}, {@code tern import}). */
    void accountData(AccountDataPort port);

    @FunctionalInterface
    interface StreamElementHandler {
        void handle(org.tern.core.session.ClientSession session, Element element) throws Exception;
    }
}
