package dev.speechmeter.micrometer;

import dev.speechmeter.MeteringConfig;
import dev.speechmeter.internal.engine.Admission;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.internal.engine.MeteringEngine;
import dev.speechmeter.runtime.MeteringRuntime;
import dev.speechmeter.spi.Caller;
import dev.speechmeter.spi.Limits;
import dev.speechmeter.spi.PriceTable;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.testing.MapKeyDirectory;
import dev.speechmeter.testing.RecordingLedger;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A request metered from start to end by a runtime built without a registry, run by
 * {@link WithoutMicrometerTest} in a class loader that cannot load Micrometer.
 */
public final class NoMicrometerScenario implements Callable<String> {

    private static final String KEY = "sm_no_micrometer_0123456789abcdefghij";

    @Override
    public String call() throws Exception {
        MapKeyDirectory directory = new MapKeyDirectory();
        RecordingLedger ledger = new RecordingLedger();
        Class.forName(MeteringRuntime.Builder.class.getName(), true, getClass().getClassLoader());
        MeteringEngine engine = MeteringRuntime.builder(MeteringConfig.builder().build()).keys(directory)
                .ledger(ledger).prices(PriceTable.FREE).build().engine();
        directory.add(KEY, Limits.none(), Limits.none());
        Caller caller = engine.authenticate("Bearer " + KEY);
        Admission admission = engine.admit(engine.newRequestId(), null, caller,
                new MeteredEndpoint("transcribe_async", "transcribe", "sync"), "/v1/transcriptions");
        int held = engine.heldSlots("transcribe");
        admission.settle(200, Usage.NONE, null);
        return "micrometer=" + Micrometer.isPresent(getClass().getClassLoader()) + " admitted=" + admission.admitted()
                + " held=" + held + " after=" + engine.heldSlotEntries() + " recorded="
                + (ledger.await(admission.requestId(), Duration.ofSeconds(5)) != null);
    }
}
