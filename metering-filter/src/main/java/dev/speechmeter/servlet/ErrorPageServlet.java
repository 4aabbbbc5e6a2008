package dev.speechmeter.servlet;

import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.internal.http.ApiErrors;
import dev.speechmeter.internal.http.DeepgramErrorRenderer;
import dev.speechmeter.internal.http.RequestHeaders;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
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

    @Inject
    transient MeteringRuntime runtime;
    private transient ErrorWriter errors;
    private transient ErrorWriter deepgramErrors;
    private transient SpeechmeterPaths ownPaths;

    /** For the container, which injects the runtime. */
    public ErrorPageServlet() {
    }

    /** For applications without CDI, or tests: answers through the given runtime. */
    public ErrorPageServlet(MeteringRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void init() throws ServletException {
        if (runtime == null) {
            throw new ServletException("ErrorPageServlet needs CDI: deploy it in a CDI-enabled web application");
        }
        errors = new ErrorWriter(runtime.errorRenderer());
        deepgramErrors = new ErrorWriter(new DeepgramErrorRenderer());
        ownPaths = new SpeechmeterPaths(List.of(), runtime.engine().config().restPrefix());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number && number >= 400 && number <= 599 ? number : 404;
        UUID requestId = runtime.engine().newRequestId();
        response.setHeader(RequestHeaders.REQUEST_ID, requestId.toString());
        boolean deepgram = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
                && PathSpellings.of(uri, uri, request.getContextPath()).stream().anyMatch(ownPaths::isDeepgram);
        (deepgram ? deepgramErrors : errors).send(response, ApiErrors.ofStatus(status, requestId));
    }
}
