package dev.speechmeter.servlet;

import dev.speechmeter.runtime.MeteringRuntime;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real servlet container for the filter's tests: Jetty on a free port of the loopback. */
final class JettyServers {

    private JettyServers() {
    }

    /** Jetty serving {@code handler} on a port the system chose, started. */
    static Server start(Handler handler) throws Exception {
        Server server = new Server(0);
        server.setHandler(handler);
        server.start();
        return server;
    }

    /**
     * A context at the root whose every request passes the metering filter of {@code runtime},
     * mapping {@code endpoints} ({@code speechmeter.endpoints}); the test adds its servlets.
     */
    static ServletContextHandler metered(MeteringRuntime runtime, String endpoints) {
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new MeteringFilter(runtime));
        filter.setInitParameter("speechmeter.endpoints", endpoints);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        return context;
    }

    /** Where {@code server} answers. */
    static URI base(Server server) {
        return URI.create("http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }
}
