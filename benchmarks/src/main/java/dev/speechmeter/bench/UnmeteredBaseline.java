package dev.speechmeter.bench;

import dev.speechmeter.UsageContext;
import dev.speechmeter.internal.engine.UsageRecorder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import java.util.UUID;

/**
 * Added only to the baseline copy of the sample that {@code filter-overhead.sh} deploys without
 * the filter: the endpoint's reports go into a recorder nobody reads, so the baseline is the same
 * endpoint with metering costing nothing. Speechmeter itself refuses an endpoint reached
 * unmetered; this is how a measurement gets around that, and it is never in a served WAR.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
public class UnmeteredBaseline {

    @Produces
    @RequestScoped
    UsageContext usage() {
        return new UsageRecorder(UUID.randomUUID());
    }
}
