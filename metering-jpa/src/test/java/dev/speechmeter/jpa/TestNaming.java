package dev.speechmeter.jpa;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.UserTransaction;
import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import javax.sql.DataSource;

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

    /**
     * What a server binds for the store, with {@code defaultDataSource} as its default data
     * source: transactions nothing may use while the application starts, a thread factory, and
     * the application's name.
     */
    static void bindServer(DataSource defaultDataSource, String application) {
        bindServer(defaultDataSource, application, () -> { });
    }

    /** As {@link #bindServer(DataSource, String)}, running {@code onNewThread} for each thread the factory makes. */
    static void bindServer(DataSource defaultDataSource, String application, Runnable onNewThread) {
        install();
        bind("java:comp/DefaultDataSource", defaultDataSource);
        bind("java:comp/UserTransaction", untouched(UserTransaction.class));
        bind("java:comp/TransactionSynchronizationRegistry", untouched(TransactionSynchronizationRegistry.class));
        bind("java:comp/DefaultManagedThreadFactory", threads(onNewThread));
        bind("java:app/AppName", application);
    }

    /** What the server's default managed thread factory does, for the usage writers and the store's other threads. */
    private static ManagedThreadFactory threads(Runnable onNewThread) {
        return (ManagedThreadFactory) Proxy.newProxyInstance(ManagedThreadFactory.class.getClassLoader(),
                new Class<?>[] {ManagedThreadFactory.class}, (self, method, args) -> switch (method.getName()) {
                    case "newThread" -> {
                        onNewThread.run();
                        yield new Thread((Runnable) args[0]);
                    }
                    case "toString" -> "test thread factory";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Nothing may call these while the application starts: no transaction exists yet. */
    private static <T> T untouched(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getName().equals("toString")) {
                return "untouched " + type.getSimpleName();
            }
            throw new AssertionError(type.getSimpleName() + "." + method.getName() + " was called");
        }));
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
