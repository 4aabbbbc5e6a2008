package dev.speechmeter.servlet;

import dev.speechmeter.cdi.MeteringRuntime;
import dev.speechmeter.http.ApiErrors;
import dev.speechmeter.http.DeepgramErrorRenderer;
import dev.speechmeter.http.RequestHeaders;
import dev.speechmeter.spi.ApiError;
import dev.speechmeter.spi.ErrorRenderer;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Answers the container's own errors in the error shape, where the deployer names it as the
 * error page: the {@code 401} a login challenge sends (its {@code WWW-Authenticate} kept), the
 * {@code 403} of a security constraint. Without it, these come as the container's HTML page.
 *
 * <pre>{@code
 * <servlet>
 *   <servlet-name>speechmeter-errors</servlet-name>
 *   <servlet-class>dev.speechmeter.servlet.ErrorPageServlet</servlet-class>
 * </servlet>
 * <servlet-mapping>
 *   <servlet-name>speechmeter-errors</servlet-name>
 *   <url-pattern>/speechmeter-error</url-pattern>
 * </servlet-mapping>
 * <error-page>
 *   <error-code>401</error-code>
 *   <location>/speechmeter-error</location>
 * </error-page>
 * }</pre>
 *
 * Asked for directly, not as an error page, it answers {@code 404}.
 */
public class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ErrorRenderer DEEPGRAM = new DeepgramErrorRenderer();

    @Inject
    transient MeteringRuntime runtime;

    @Override
    public void init() throws ServletException {
        if (runtime == null) {
            throw new ServletException("ErrorPageServlet needs CDI: deploy it in a CDI-enabled web application");
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number && number >= 400 && number <= 599 ? number : 404;
        UUID requestId = runtime.engine().newRequestId();
        ApiError error = ApiErrors.ofStatus(status, requestId);
        ErrorRenderer renderer = isDeepgramPath(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), request)
                ? DEEPGRAM : runtime.errorRenderer();
        byte[] body = renderer.render(error).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader(RequestHeaders.REQUEST_ID, requestId.toString());
        response.setContentType(renderer.contentType());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static boolean isDeepgramPath(Object uri, HttpServletRequest request) {
        if (!(uri instanceof String path)) {
            return false;
        }
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String inside = path.startsWith(context) ? path.substring(context.length()) : path;
        String canonical = PathSpellings.canonical(inside);
        return canonical.equals(SpeechmeterPaths.DEEPGRAM) || canonical.startsWith(SpeechmeterPaths.DEEPGRAM + "/");
    }
}
