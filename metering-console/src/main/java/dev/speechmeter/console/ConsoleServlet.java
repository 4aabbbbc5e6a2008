package dev.speechmeter.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Map;

/**
 * Serves the usage console: its page at {@code /console/}, its files under it, and the chart
 * library's WebJar under {@code /webjars/uplot/}, all read from the jars' {@code META-INF/resources}.
 * It is a servlet of its own, mapped on those paths, so that a JAX-RS application or another
 * servlet mapped on {@code /*} does not hide them.
 *
 * <p>Every file goes out with a Content-Security-Policy that lets the page run only its own
 * scripts and styles, talk only to its own origin and be framed by no one, and without a
 * {@code Referer} for what it loads. The jar's {@code META-INF/web-fragment.xml} maps it; a
 * deployment whose {@code web.xml} is {@code metadata-complete} maps it itself:
 *
 * <pre>{@code
 * <servlet>
 *     <servlet-name>speechmeter-console</servlet-name>
 *     <servlet-class>dev.speechmeter.console.ConsoleServlet</servlet-class>
 * </servlet>
 * <servlet-mapping>
 *     <servlet-name>speechmeter-console</servlet-name>
 *     <url-pattern>/console/*</url-pattern>
 *     <url-pattern>/webjars/uplot/*</url-pattern>
 * </servlet-mapping>
 * }</pre>
 */
public class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The console's page, under the application's path. */
    public static final String PATH = "/console/";

    /** The chart library's files, whose paths name its version. */
    public static final String CHARTS_PATH = "/webjars/uplot/";

    /**
     * Scripts, styles, images and fetches from the page's own origin only; no inline script or
     * style, no plugin, no form posted anywhere, no framing.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "svg", "image/svg+xml",
            "map", "application/json");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.equals(PATH.substring(0, PATH.length() - 1))) {
            response.sendRedirect(request.getContextPath() + PATH);
            return;
        }
        String file = path.equals(PATH) ? PATH + "index.html" : path;
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        URL resource = servable(file) && type != null ? getServletContext().getResource(file) : null;
        if (resource == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        // The chart library's paths name its version; the console's own files change with each release.
        response.setHeader("Cache-Control", file.startsWith(CHARTS_PATH) ? "public, max-age=31536000, immutable" : "no-cache");
        response.setContentType(type);
        URLConnection connection = resource.openConnection();
        long length = connection.getContentLengthLong();
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
        try (InputStream in = connection.getInputStream()) {
            in.transferTo(response.getOutputStream());
        }
    }

    /** Only files under the two paths, named without a step up or aside ({@code ..}, {@code .}, {@code \}). */
    static boolean servable(String path) {
        if (!(path.startsWith(PATH) || path.startsWith(CHARTS_PATH)) || path.endsWith("/") || path.contains("\\")
                || path.contains("//")) {
            return false;
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
