package dev.speechmeter.cdi;

import dev.speechmeter.UsageContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Makes the current request's {@link UsageContext} injectable: the admitted request's own, or one
 * that refuses the request on first use when no door of Speechmeter admitted it.
 */
@ApplicationScoped
public class UsageContextProducer {

    @Produces
    @RequestScoped
    UsageContext usageContext(Instance<HttpServletRequest> request) {
        HttpServletRequest current = MeteringInterceptor.currentRequest(request);
        // Outside an admitted request, the context refuses on first use: there is no free path.
        return current == null ? UsageContext.unmetered(null) : UsageContext.of(current);
    }
}
