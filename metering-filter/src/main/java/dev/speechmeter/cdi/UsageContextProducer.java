package dev.speechmeter.cdi;

import dev.speechmeter.UsageContext;
import dev.speechmeter.UsageRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.http.HttpServletRequest;

/** Makes the current request's {@link UsageContext} injectable. */
@ApplicationScoped
public class UsageContextProducer {

    @Produces
    @RequestScoped
    UsageContext usageContext(Instance<HttpServletRequest> request) {
        if (request.isResolvable()) {
            Object context = request.get().getAttribute(UsageContext.REQUEST_ATTRIBUTE);
            if (context instanceof UsageContext usage) {
                return usage;
            }
        }
        return new UsageRecorder(null);
    }
}
