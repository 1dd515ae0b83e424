package org.tern.core.server;

import org.tern.core.auth.UserStore;
import org.tern.core.builtin.DiscoRegistry;
import org.tern.core.c2s.C2sServices;
import org.tern.core.config.Config;
import org.tern.core.jid.Jid;
import org.tern.core.module.AccountDataPort;
import org.tern.core.module.Component;
import org.tern.core.module.DiscoNode;
import org.tern.core.module.EventBus;
import org.tern.core.module.EventHandler;
import org.tern.core.module.IqHandler;
import org.tern.core.module.IqScope;
import org.tern.core.module.ModuleContext;
import org.tern.core.module.Outcome;
import org.tern.core.module.Phase;
import org.tern.core.routing.IqDispatcher;
import org.tern.core.routing.Router;
import org.tern.core.session.Sessions;
import org.tern.core.stanza.Stanza;
import org.tern.core.storage.Storage;
import org.tern.core.xml.Element;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/** One module's view of the kernel; records what the module registers so it can be torn down. */
final class KernelModuleContext implements ModuleContext {
    private final Kernel kernel;
    private final String owner;
    private final List<String> components = new ArrayList<>();
    private final List<String> adminCommands = new ArrayList<>();

    KernelModuleContext(Kernel kernel, String owner) {
        this.kernel = kernel;
        this.owner = owner;
    }

    @Override
    public Config config() {
        return kernel.config();
    }

    @Override
    public Jid domain() {
        return kernel.domain();
    }

    @Override
    public Storage storage() {
        return kernel.storage();
    }

    @Override
    public Router router() {
        return kernel.router();
    }

    @Override
    public Sessions sessions() {
        return kernel.sessions();
    }

    @Override
    public UserStore users() {
        return kernel.users();
    }

    @Override
    public Clock clock() {
        return kernel.clock();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return kernel.scheduler();
    }

    @Override
    public <E> void on(Class<E> eventType, Phase phase, EventHandler<? super E> handler) {
        kernel.events().on(eventType, phase, handler, owner);
    }

    @Override
    public <E> CompletionStage<Outcome> fire(E event) {
        return kernel.events().fire(event);
    }

    @Override
    public void iq(IqScope scope, Stanza.IqType type, String element, String namespace, IqHandler handler) {
        kernel.iqs().register(new IqDispatcher.Key(scope, type, element, namespace), handler, owner);
    }

    @Override
    public void serverFeature(String feature) {
        kernel.disco().serverFeature(feature);
    }

    @Override
    public void accountFeature(String feature) {
        kernel.disco().accountFeature(feature);
    }

    @Override
    public void streamFeature(Element feature) {
        kernel.streamFeatures().add(feature);
    }

    @Override
    public void streamElement(String element, String namespace, StreamElementHandler handler) {
        if (kernel.streamElements().putIfAbsent(C2sServices.elementKey(element, namespace), handler) != null) {
            throw new IllegalStateException(owner + " registers stream element " + element + " twice");
        }
    }

    @Override
    public void component(String subdomain, Component component) {
        String d = subdomain + "." + kernel.domain().domain();
        kernel.router().addComponent(d, component);
        components.add(d);
    }

    @Override
    public void adminCommand(String name, org.tern.core.module.AdminCommand.Handler handler) {
        if (kernel.adminHandlers().putIfAbsent(name, handler) != null) {
            throw new IllegalStateException(owner + " registers admin command " + name + " twice");
        }
        adminCommands.add(name);
    }

    @Override
    public void discoNode(IqScope scope, String node, DiscoNode handler) {
        kernel.disco().addNode(scope, node, handler, owner);
    }

    @Override
    public void serverIdentity(String category, String type, String name) {
        kernel.disco().serverIdentity(new DiscoRegistry.Identity(category, type, name));
    }

    @Override
    public void accountData(AccountDataPort port) {
        kernel.accountDataPorts().add(new Kernel.OwnedPort(owner, port));
    }

    /** Removes what this module registered that the kernel keeps per owner. */
    void tearDown() {
        EventBus events = kernel.events();
        events.removeOwner(owner);
        kernel.iqs().removeOwner(owner);
        kernel.disco().removeOwner(owner);
        for (String d : components) {
            kernel.router().removeComponent(d);
        }
        for (String c : adminCommands) {
            kernel.adminHandlers().remove(c);
        }
        kernel.accountDataPorts().removeIf(p -> p.owner().equals(owner));
    }
}
