package dev.speechmeter.cdi;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The few parts of an HTTP request the interceptor reads: headers, attributes, path. Headers are
 * kept as attributes so that a test can set them through the CDI client proxy.
 */
final class FakeHttpRequest {

    private static final String HEADER = "test.header.";

    private FakeHttpRequest() {
    }

    private static final String OUTSIDE = FakeHttpRequest.class.getName() + ".outside";

    static HttpServletRequest create() {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttpRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> attributes.get(HEADER + ((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getContentLengthLong" -> -1L;
                    case "getServletPath" -> "/v1/diarizations";
                    case "getPathInfo" -> null;
                    case "getMethod" -> {
                        if (attributes.containsKey(OUTSIDE)) {
                            throw new IllegalStateException("no HTTP request is active");
                        }
                        yield "POST";
                    }
                    case "getRemoteAddr" -> "192.0.2.1";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeHttpRequest";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Makes the request act as the proxy of a request scope with no HTTP request behind it (a timer). */
    static void outsideAnHttpRequest(HttpServletRequest request) {
        request.setAttribute(OUTSIDE, true);
    }

    static void header(HttpServletRequest request, String name, String value) {
        request.setAttribute(HEADER + name.toLowerCase(Locale.ROOT), value);
    }
}
