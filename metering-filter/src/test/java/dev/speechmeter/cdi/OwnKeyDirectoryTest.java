package dev.speechmeter.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.testing.MapKeyDirectory;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.junit5.auto.AddBeanClasses;

/**
 * An application brings its own key directory beside the one a store module produces (here the
 * test's {@link TestBackends}, in the deployment metering-jpa's): marked as an alternative, it is
 * the one the runtime uses; left plain, the deployment fails and says how to choose.
 */
class OwnKeyDirectoryTest {

    private static final MapKeyDirectory OWN = new MapKeyDirectory();
    private static final Caller OWN_CALLER = OWN.add("own-key-1", Limits.none(), Limits.none());

    @ApplicationScoped
    @Alternative
    @Priority(Interceptor.Priority.APPLICATION)
    public static class ChosenKeys {

        @Produces
        KeyDirectory keys() {
            return OWN;
        }
    }

    @ApplicationScoped
    public static class PlainKeys {

        @Produces
        KeyDirectory keys() {
            return OWN;
        }
    }

    @Nested
    @MeteringTest
    @AddBeanClasses(ChosenKeys.class)
    class MarkedAsAnAlternative {

        @Inject
        MeteringRuntime runtime;

        @Test
        void theApplicationsDirectoryAuthenticatesItsKeys() throws Exception {
            assertThat(runtime.engine().authenticate("Bearer own-key-1").projectId())
                    .isEqualTo(OWN_CALLER.projectId());
        }
    }

    @Test
    void twoPlainDirectoriesFailTheDeploymentNamingBoth() {
        Weld weld = new Weld().disableDiscovery()
                .addExtension(new MeteringExtension())
                .addBeanClasses(MeteringRuntimeProducer.class, MeteringConfigProducer.class,
                        UsageContextProducer.class, MeteringInterceptor.class, TestBackends.class, PlainKeys.class);

        assertThatThrownBy(() -> weld.initialize().close())
                .hasStackTraceContaining("More than one KeyDirectory")
                .hasStackTraceContaining(PlainKeys.class.getName())
                .hasStackTraceContaining(TestBackends.class.getName())
                .hasStackTraceContaining("@Alternative @Priority");
    }
}
