package dev.speechmeter.cdi;

import dev.speechmeter.UsageContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Makes the current request's {@link UsageContext} injectable: the admitted request's own, or one
 * that refuses the request on first use when no door of Speechmeter admitted it.
 */
@ApplicationScoped
public class UsageContextProducer {

    // Resolved once: an Instance taken as the producer's parameter is made and resolved again for every request.
    @Inject
    Instance<HttpServletRequest> requests;

    @Produces
    @RequestScoped
    UsageContext usageContext() {
        HttpServletRequest current = MeteringInterceptor.currentRequest(requests);
        // Outside an admitted request, the context refuses on first use: there is no free path.
        return current == null ? UsageContext.unmetered(null) : UsageContext.of(current);
    }
}
