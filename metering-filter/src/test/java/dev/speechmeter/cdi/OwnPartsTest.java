package dev.speechmeter.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.KeyDirectory;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.UsageLedger;
import dev.speechmeter.spi.UsageRecord;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.junit5.auto.AddBeanClasses;

/**
 * An application brings its own key directory, usage ledger or price table beside the ones a
 * store module produces (here the test's {@link TestBackends}, in the deployment metering-jpa's):
 * marked as an alternative, each is the one the runtime uses; left plain, the deployment fails
 * and says how to choose.
 */
class OwnPartsTest {

    private static final String KEY = "sm_own_parts_test_key_00000000000000000000";
    private static final RecordingLedger OWN_LEDGER = new RecordingLedger();
    private static final Costs OWN_COSTS = new Costs(new BigDecimal("0.25"), BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO);

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
    @Alternative
    @Priority(Interceptor.Priority.APPLICATION)
    public static class ChosenLedgerAndPrices {

        @Produces
        UsageLedger ledger() {
            return OWN_LEDGER;
        }

        @Produces
        PriceTable prices() {
            return usage -> OWN_COSTS;
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

    @Nested
    @MeteringTest
    @AddBeanClasses({ChosenLedgerAndPrices.class, DiarizationService.class, DiarizationService.NestedService.class})
    class LedgerAndPricesMarkedAsAlternatives {

        @Inject
        DiarizationService service;

        @Inject
        KeyDirectory directory;

        @Inject
        HttpServletRequest request;

        @Test
        void theApplicationsLedgerGetsTheEntryPricedByItsTable() {
            ((MapKeyDirectory) directory).add(KEY, Limits.none(), Limits.none());
            FakeHttpRequest.header(request, "Authorization", "Bearer " + KEY);
            int before = OWN_LEDGER.records().size();

            assertThat(service.diarize(42)).isEqualTo("speaker A");

            assertThat(OWN_LEDGER.records()).hasSize(before + 1);
            assertThat(OWN_LEDGER.records().get(before).costs()).isEqualTo(OWN_COSTS);
        }
    }

    /** An application-scoped ledger that notes whether it was called through its client proxy. */
    @ApplicationScoped
    @Alternative
    @Priority(Interceptor.Priority.APPLICATION)
    public static class ScopedLedger implements UsageLedger {

        private final List<Boolean> throughProxy = new CopyOnWriteArrayList<>();

        /** For each entry recorded, whether it came through the client proxy. */
        public List<Boolean> throughProxy() {
            return throughProxy;
        }

        @Override
        public void record(UsageRecord record) {
            // Called as itself, the engine is its direct caller; through the proxy, the container is.
            throughProxy.add(StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()
                    .map(caller -> !caller.getClassName().startsWith("dev.speechmeter.internal.")).orElseThrow()));
        }
    }

    @Nested
    @MeteringTest
    @AddBeanClasses({ScopedLedger.class, DiarizationService.class, DiarizationService.NestedService.class})
    class AnApplicationScopedLedger {

        @Inject
        DiarizationService service;

        @Inject
        ScopedLedger ledger;

        @Inject
        KeyDirectory directory;

        @Inject
        HttpServletRequest request;

        @Test
        void isCalledAsItselfNotThroughItsClientProxy() {
            ((MapKeyDirectory) directory).add(KEY, Limits.none(), Limits.none());
            FakeHttpRequest.header(request, "Authorization", "Bearer " + KEY);

            assertThat(service.diarize(42)).isEqualTo("speaker A");

            assertThat(ledger.throughProxy()).containsExactly(false);
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
