package dev.speechmeter.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.LimitExceededException;
import dev.speechmeter.UsageContext;
import dev.speechmeter.internal.engine.MeteringEvents;
import dev.speechmeter.micrometer.MicrometerEvents;
import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.testing.MapKeyDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.api.Test;

/** With a {@link MeterRegistry} bean, {@code @Metered} methods are counted in it; nothing else is needed. */
@MeteringTest
@AddBeanClasses({DiarizationService.class, DiarizationService.NestedService.class, MeterRegistryBean.class})
class MeteringMetersTest {

    private static final String KEY = "sm_cdi_meters_test_key_00000000000000000";

    @Inject
    DiarizationService service;

    @Inject
    KeyDirectory directory;

    @Inject
    HttpServletRequest request;

    @Inject
    MeterRegistry registry;

    @Inject
    Instance<MeteringEvents> events;

    @Test
    void annotatedMethodsAreCountedInTheApplicationsRegistry() {
        ((MapKeyDirectory) directory).add(KEY, Limits.none(), Limits.none()
                .with(Limits.REQUESTS_PER_MINUTE, Cap.atMost(1)));
        FakeHttpRequest.header(request, "Authorization", "Bearer " + KEY);

        service.diarize(3);
        request.setAttribute(UsageContext.REQUEST_ATTRIBUTE, null);   // the next call is another request
        assertThatThrownBy(() -> service.diarize(4)).isInstanceOf(LimitExceededException.class);

        assertThat(events.get()).isInstanceOf(MicrometerEvents.class);
        assertThat(registry.get("speechmeter.requests.admitted").tags("scope", "diarize_async", "pool", "transcribe")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("speechmeter.requests.refused").tags("scope", "diarize_async", "limit",
                "request_rate", "level", "project").counter().count()).isEqualTo(1);
        assertThat(registry.get("speechmeter.slots.in.use").tag("pool", "transcribe").gauge().value()).isZero();
    }
}
