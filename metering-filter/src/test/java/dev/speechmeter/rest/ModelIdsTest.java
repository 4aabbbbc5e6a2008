package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelIdsTest {

    @Test
    void aModelsIdIsANameBasedUuidThatNeverChanges() {
        UUID id = ModelIds.of("stt-async-sample");

        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(ModelIds.of("stt-async-sample")).isEqualTo(id);
        assertThat(ModelIds.of("stt-rt-sample")).isNotEqualTo(id);
        // Pinned (RFC 9562 version 5, as Python's uuid.uuid5 computes it): clients keep ids, so the
        // namespace and the hashing may never change.
        assertThat(id).isEqualTo(UUID.fromString("71d3f098-1a1c-5f79-8fc4-0fb4b6a9d9e0"));
    }

    @Test
    void aFilterValueThatIsAKnownModelsIdBecomesItsNameAndAnyOtherStays() {
        String id = ModelIds.of("stt-1").toString();
        String stranger = UUID.randomUUID().toString();

        assertThat(ModelIds.asNames(List.of(id, "tts-1", stranger), () -> List.of("tts-1", "stt-1")))
                .containsExactly("stt-1", "tts-1", stranger);
    }

    @Test
    void theKnownModelsAreAskedForOnlyWhenAValueLooksLikeAnId() {
        AtomicInteger asked = new AtomicInteger();

        ModelIds.asNames(List.of("stt-1", "tts-1"), () -> {
            asked.incrementAndGet();
            return List.of();
        });
        ModelIds.asNames(List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString()), () -> {
            asked.incrementAndGet();
            return List.of();
        });

        assertThat(asked).as("once, for the two ids").hasValue(1);
    }
}
