package dev.speechmeter;

import java.lang.reflect.Proxy;

/**
 * The {@link UsageContext} of a request that reached a metered endpoint without an admission.
 * Every use of it refuses the request with an {@link UnmeteredRequestException}: there is no way
 * to serve a metered endpoint for free. It is a proxy of the interface, so that a method added to
 * {@code UsageContext} later refuses too, without anyone having to remember it here.
 */
final class UnmeteredUsage {

    private UnmeteredUsage() {
    }

    /** @param path the request's path, named in the refusal and in the log */
    static UsageContext at(String path) {
        return (UsageContext) Proxy.newProxyInstance(UsageContext.class.getClassLoader(),
                new Class<?>[] {UsageContext.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "UsageContext of an unmetered request to " + path;
                        };
                    }
                    throw UnmeteredRequestException.at(path);
                });
    }
}
