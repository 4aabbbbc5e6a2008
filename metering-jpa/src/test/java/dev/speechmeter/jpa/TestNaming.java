package dev.speechmeter.jpa;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

/**
 * What {@code new InitialContext()} finds in a test outside a server, once
 * {@link #install()} made this the initial context factory: the objects a test bound with
 * {@link #bind}, and nothing else.
 */
public final class TestNaming implements InitialContextFactory {

    private static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

    /** From now on {@code new InitialContext()} in this JVM looks names up here. */
    static void install() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestNaming.class.getName());
    }

    static void bind(String name, Object object) {
        BOUND.put(name, object);
    }

    static void unbindAll() {
        BOUND.clear();
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return of(BOUND);
    }

    /** A context that finds what {@code bound} holds; {@link NameNotFoundException} for any other name. */
    static Context of(Map<String, ?> bound) {
        return (Context) Proxy.newProxyInstance(TestNaming.class.getClassLoader(), new Class<?>[] {Context.class},
                (self, method, args) -> switch (method.getName()) {
                    case "lookup" -> {
                        String name = String.valueOf(args[0]);
                        if (!bound.containsKey(name)) {
                            throw new NameNotFoundException(name);
                        }
                        yield bound.get(name);
                    }
                    case "close" -> null;
                    case "toString" -> "test naming " + bound.keySet();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
