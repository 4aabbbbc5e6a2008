package dev.speechmeter.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.Metered;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** A bad {@code @Metered} use or setting fails the deployment, naming where and what. */
class MeteringExtensionTest {

    @Test
    void anUnknownPoolFailsTheDeployment() {
        assertThatThrownBy(() -> boot(UnknownPool.class).close())
                .hasStackTraceContaining("@Metered on " + UnknownPool.class.getName() + ".run")
                .hasStackTraceContaining("unknown pool 'gpu'");
    }

    @Test
    void aMissingScopeAndABadMethodFailTheDeployment() {
        assertThatThrownBy(() -> boot(NoScope.class).close())
                .hasStackTraceContaining("@Metered on " + NoScope.class.getName())
                .hasStackTraceContaining("scope '' must be set")
                .hasStackTraceContaining("method 'batch' must be one of");
    }

    @Test
    void incompleteOrUnknownCapacityLabelsFailTheDeployment() {
        assertThatThrownBy(() -> boot(HalfLabeled.class).close())
                .hasStackTraceContaining("@Metered on " + HalfLabeled.class.getName() + ".run")
                .hasStackTraceContaining("capacity labels go together: set technology, vendor and operation");
        assertThatThrownBy(() -> boot(UnknownTechnology.class).close())
                .hasStackTraceContaining("technology 'lip_reading' is not one of");
    }

    @Test
    void aBadSettingFailsTheDeploymentNamingIt() {
        System.setProperty("speechmeter.limits.project.requests_per_minute", "-5");
        try {
            assertThatThrownBy(() -> boot(Good.class).close())
                    .hasStackTraceContaining("speechmeter.limits.project.requests_per_minute")
                    .hasStackTraceContaining("'-5'");
        } finally {
            System.clearProperty("speechmeter.limits.project.requests_per_minute");
        }
    }

    @Test
    void goodUsesDeploy() {
        try (WeldContainer container = boot(Good.class)) {
            assertThat(container.select(Good.class).isResolvable()).isTrue();
        }
    }

    private static WeldContainer boot(Class<?> bean) {
        return new Weld().disableDiscovery()
                .addExtension(new MeteringExtension())
                .addBeanClasses(bean, MeteringRuntimeProducer.class, MeteringConfigProducer.class, MeteringInterceptor.class,
                        TestBackends.class)
                .initialize();
    }

    @ApplicationScoped
    static class UnknownPool {
        @Metered(scope = "transcribe_async", pool = "gpu")
        public void run() {
        }
    }

    @ApplicationScoped
    @Metered(method = "batch")
    static class NoScope {
        public void run() {
        }
    }

    @ApplicationScoped
    static class HalfLabeled {
        @Metered(scope = "transcribe_async", technology = "speech_to_text")
        public void run() {
        }
    }

    @ApplicationScoped
    static class UnknownTechnology {
        @Metered(scope = "transcribe_async", technology = "lip_reading", vendor = "acme", operation = "read")
        public void run() {
        }
    }

    @ApplicationScoped
    @Metered(scope = "tts_rest", pool = "tts")
    static class Good {
        public void run() {
        }
    }
}
