package dev.speechmeter.sample.it.host;

import dev.speechmeter.ApiGroup;
import dev.speechmeter.rest.ApiGroups;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.HashSet;
import java.util.Set;

/**
 * The host's own JAX-RS application, which lists its classes: its Jackson resource, and the two
 * groups of Speechmeter's endpoints it adds (its configuration turns on only {@code usage}).
 */
@ApplicationPath("/api")
public class HostApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        Set<Class<?>> classes = new HashSet<>(Set.of(GreetingResource.class));
        classes.addAll(ApiGroups.classes(ApiGroup.USAGE, ApiGroup.BILLING));
        return classes;
    }
}
