package dev.speechmeter.servlet;

import java.net.URI;
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

    /** Where {@code server} answers. */
    static URI base(Server server) {
        return URI.create("http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }
}
