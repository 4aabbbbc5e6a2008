package dev.speechmeter.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.internal.engine.MeteringEvents;
import dev.speechmeter.runtime.MeteringRuntime;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Micrometer on the class path without a registry bean: the runtime reports nowhere, and deploys as before. */
@MeteringTest
class WithoutRegistryTest {

    @Inject
    Instance<MeteringEvents> events;

    @Inject
    MeteringRuntime runtime;

    @Test
    void withoutARegistryBeanTheEventsGoNowhere() {
        assertThat(runtime.engine()).isNotNull();
        assertThat(events.get()).isSameAs(MeteringEvents.NONE);
    }
}
