package dev.speechmeter.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.InvalidRequestException;
import dev.speechmeter.spi.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageRecorderTest {

    private final UsageRecorder usage = new UsageRecorder(UUID.randomUUID());

    @Test
    void aRequestHasOneChannelNoLanguageAndNoTagsUntilTheEndpointSaysOtherwise() {
        assertThat(usage.snapshot().channels()).isEqualTo(1);
        assertThat(usage.snapshot().language()).isNull();
        assertThat(usage.snapshot().tags()).isEmpty();

        usage.channels(Usage.MAX_CHANNELS).language("zh-Hans").tags(List.of("team-a", "batch-7", "team-a"));

        Usage reported = usage.snapshot();
        assertThat(reported.channels()).isEqualTo(64);
        assertThat(reported.language()).isEqualTo("zh-Hans");
        assertThat(reported.tags()).as("a repeat counts once").containsExactly("team-a", "batch-7");
    }

    @Test
    void channelsOutOfRangeAreTheCallersMistake() {
        assertThatThrownBy(() -> usage.channels(0)).isInstanceOf(InvalidRequestException.class)
                .extracting("location", "errorType").containsExactly("body.channels", "greater_than_equal");
        assertThatThrownBy(() -> usage.channels(65)).isInstanceOf(InvalidRequestException.class)
                .extracting("location", "errorType").containsExactly("body.channels", "less_than_equal");
        assertThat(usage.snapshot().channels()).as("unchanged").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "e", "englishes-US", "en_US", "en-", "-en", "en--US", "1en", "en US",
            "en-US-abcdefghi", "de-1996-aaaaaaaa-bbbbbbbb-cccccccc-d"})
    void aLanguageMustBeALanguageTag(String language) {
        assertThatThrownBy(() -> usage.language(language)).isInstanceOf(InvalidRequestException.class)
                .extracting("location").isEqualTo("query.language");
    }

    @Test
    void theLongestLanguageTagIsTaken() {
        usage.language("de-1996-aaaaaaaa-bbbbbbbb-ccccccc-d");

        assertThat(usage.snapshot().language()).hasSize(Usage.MAX_LANGUAGE_LENGTH);
        assertThat(usage.language(null).snapshot().language()).isNull();
    }

    @Test
    void tagsAreBoundedInNumberAndLength() {
        List<String> ten = IntStream.range(0, Usage.MAX_TAGS).mapToObj(i -> "t" + i).toList();
        List<String> eleven = new ArrayList<>(ten);
        eleven.add("t10");
        String longest = "x".repeat(Usage.MAX_TAG_LENGTH);

        assertThat(usage.tags(ten).snapshot().tags()).hasSize(10);
        assertThat(usage.tags(Collections.nCopies(50, "same")).snapshot().tags()).as("repeats count once")
                .containsExactly("same");
        assertThat(usage.tags(List.of(longest)).snapshot().tags()).containsExactly(longest);
        for (List<String> bad : List.of(eleven, List.of(longest + "x"), List.of(""), List.of("a\nb"),
                List.of("nul\0"), List.of("\uD800"), Collections.<String>singletonList(null))) {
            assertThatThrownBy(() -> usage.tags(bad)).as("%s", bad).isInstanceOf(InvalidRequestException.class)
                    .extracting("location").isEqualTo("query.tag");
        }
        assertThat(usage.snapshot().tags()).as("unchanged by the refusals").containsExactly(longest);
        assertThat(usage.tags(null).snapshot().tags()).isEmpty();
    }

    @Test
    void aUsageMadeInCodeIsHeldToTheSameBounds() {
        assertThatThrownBy(() -> new Usage(null, 0, 0, 0, 0, 0, 0, 0, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Usage(null, 0, 0, 0, 0, 0, 0, 1, "x", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Usage(null, 0, 0, 0, 0, 0, 0, 1, null, List.of("a\tb")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
