package dev.speechmeter.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A WebSocket session with no network behind it: it keeps what is sent to the client and how it was closed. */
final class FakeSession {

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;
    private final Session session;

    FakeSession() {
        RemoteEndpoint.Basic remote = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 1) {
                        sent.add((String) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBasicRemote" -> remote;
                    case "isOpen" -> open;
                    case "getRequestURI" -> URI.create("/transcribe-websocket");
                    case "getId" -> "fake";
                    case "close" -> {
                        closes.add(args == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")
                                : (CloseReason) args[0]);
                        open = false;
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeSession";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    Session session() {
        return session;
    }

    /** The text messages sent to the client, in order. */
    List<String> sent() {
        return List.copyOf(sent);
    }

    /** How the server closed the session; empty while it has not. */
    List<CloseReason> closes() {
        return List.copyOf(closes);
    }

    /** The client went away: the session is closed without the server closing it. */
    void drop() {
        open = false;
    }
}
