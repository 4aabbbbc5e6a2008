package dev.speechmeter.sample.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /metrics}: the application's meters, Speechmeter's {@code speechmeter_*} among them, in
 * Prometheus text format for a scraper. No line of {@code speechmeter.endpoints} names the path,
 * so the filter lets it through unmetered. It shows no key, id or client reference, only counts;
 * a deployment that would rather not show them to the world serves it on an internal port or
 * behind the server's authentication.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    /** The text format, version 0.0.4, that every Prometheus server reads. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    PrometheusMeterRegistry registry;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(CONTENT_TYPE);
        response.getWriter().write(registry.scrape(CONTENT_TYPE));
    }
}
