package dev.speechmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.spi.Cap;
import dev.speechmeter.spi.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeteringConfigTest {

    @Test
    void defaultsFollowTheSpec() {
        MeteringConfig config = MeteringConfig.defaults();

        assertThat(config.pools()).containsExactly("transcribe", "tts");
        assertThat(config.organizationDefault(Limits.REQUESTS_PER_MINUTE)).isEqualTo(Cap.atMost(100));
        assertThat(config.projectDefault(Limits.REQUESTS_PER_MINUTE)).isEqualTo(Cap.atMost(100));
        assertThat(config.projectDefault("transcribe_concurrent")).isEqualTo(Cap.unlimited());
        assertThat(config.docsBase()).isNull();
    }

    @Test
    void readsEveryLimitOfEveryPoolFromProperties() {
        Map<String, String> properties = Map.of(
                "speechmeter.pools", "transcribe, tts, diarize",
                "speechmeter.limits.organization.requests_per_minute", "none",
                "speechmeter.limits.project.requests_per_minute", "30",
                "speechmeter.limits.project.diarize_concurrent", "2",
                "speechmeter.limits.organization.tts_concurrent", "3",
                "speechmeter.key-cache.ttl-seconds", "5",
                "speechmeter.errors.docs-base", "https://docs.example.com/errors");

        MeteringConfig config = MeteringConfig.fromProperties(properties::get);

        assertThat(config.pools()).containsExactly("transcribe", "tts", "diarize");
        assertThat(config.organizationDefault(Limits.REQUESTS_PER_MINUTE)).isEqualTo(Cap.unlimited());
        assertThat(config.projectDefault(Limits.REQUESTS_PER_MINUTE)).isEqualTo(Cap.atMost(30));
        assertThat(config.projectDefault("diarize_concurrent")).isEqualTo(Cap.atMost(2));
        assertThat(config.organizationDefault("tts_concurrent")).isEqualTo(Cap.atMost(3));
        assertThat(config.keyCacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.docsBase()).isEqualTo("https://docs.example.com/errors");
    }

    @Test
    void readsTheErrorStyle() {
        assertThat(MeteringConfig.fromProperties(Map.of("speechmeter.errors.style", "Problem")::get).errorStyle())
                .isEqualTo(ErrorStyle.PROBLEM);
        assertThatThrownBy(() -> MeteringConfig.fromProperties(Map.of("speechmeter.errors.style", "xml")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.errors.style")
                .hasMessageContaining("'xml'");
    }

    @Test
    void readsTheDurability() {
        assertThat(MeteringConfig.fromProperties(Map.of("speechmeter.usage.durability", " Async ")::get).durability())
                .isEqualTo(Durability.ASYNC);
        assertThat(MeteringConfig.defaults().durability()).isEqualTo(Durability.SYNC);
        assertThatThrownBy(() -> MeteringConfig.fromProperties(Map.of("speechmeter.usage.durability", "eventually")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.usage.durability")
                .hasMessageContaining("'eventually'")
                .hasMessageContaining("one of sync, async");
    }

    @Test
    void readsTheStreamTimeouts() {
        MeteringConfig config = MeteringConfig.fromProperties(Map.of(
                "speechmeter.streams.configuration-timeout-seconds", "3",
                "speechmeter.streams.idle-timeout-seconds", "45")::get);

        assertThat(config.streamConfigurationTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.streamIdleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(MeteringConfig.defaults().streamConfigurationTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(MeteringConfig.defaults().streamIdleTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> MeteringConfig.fromProperties(
                Map.of("speechmeter.streams.idle-timeout-seconds", "soon")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.streams.idle-timeout-seconds")
                .hasMessageContaining("'soon'");
    }

    @Test
    void aNegativeLimitFailsNamingThePropertyAndValue() {
        Map<String, String> properties = Map.of("speechmeter.limits.project.transcribe_concurrent", "-1");

        assertThatThrownBy(() -> MeteringConfig.fromProperties(properties::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.limits.project.transcribe_concurrent")
                .hasMessageContaining("'-1'");
    }

    @Test
    void aMalformedNumberFailsNamingThePropertyAndValue() {
        Map<String, String> properties = Map.of("speechmeter.key-cache.max-size", "lots");

        assertThatThrownBy(() -> MeteringConfig.fromProperties(properties::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.key-cache.max-size")
                .hasMessageContaining("'lots'");
    }

    @Test
    void badPoolNamesAndUnknownLimitsFail() {
        assertThatThrownBy(() -> MeteringConfig.forPools(List.of("Transcribe")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("speechmeter.pools");
        assertThatThrownBy(() -> MeteringConfig.forPools(List.of("tts", "tts")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> MeteringConfig.builder().projectDefault("diarize_concurrent", Cap.atMost(1)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.limits.project.diarize_concurrent");
    }

    @Test
    void theTemporaryKeySecretIsReadFromBase64AndNeverRepeatedInAnError() {
        String secret = java.util.Base64.getEncoder().encodeToString(new byte[48]);
        MeteringConfig config = MeteringConfig.fromProperties(Map.of(MeteringProperties.TEMPORARY_KEY_SECRET, secret)::get);
        assertThat(config.temporaryKeySecret()).hasValueSatisfying(bytes -> assertThat(bytes).hasSize(48));
        assertThat(MeteringConfig.defaults().temporaryKeySecret()).isEmpty();

        assertThatThrownBy(() -> MeteringConfig.fromProperties(
                Map.of(MeteringProperties.TEMPORARY_KEY_SECRET, "not base64 at all: s3cr3t!")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(MeteringProperties.TEMPORARY_KEY_SECRET)
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> MeteringConfig.fromProperties(
                Map.of(MeteringProperties.TEMPORARY_KEY_SECRET, "c2hvcnQ=")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
    }

    @Test
    void failedAuthenticationsPerAddressAreBounded() {
        assertThat(MeteringConfig.defaults().authFailuresPerMinute()).isEqualTo(60);
        assertThat(MeteringConfig.fromProperties(Map.of(MeteringProperties.AUTH_FAILURES_PER_MINUTE, "5")::get)
                .authFailuresPerMinute()).isEqualTo(5);
        assertThatThrownBy(() -> MeteringConfig.fromProperties(Map.of(MeteringProperties.AUTH_FAILURES_PER_MINUTE, "0")::get))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void thePoolsComeFirstAndALimitOfNoPoolFailsWhereItIsSet() {
        MeteringConfig.Builder builder = MeteringConfig.forPools(List.of("transcribe", "diarize"));

        assertThat(builder.limitNames())
                .containsExactly("requests_per_minute", "transcribe_concurrent", "diarize_concurrent");
        assertThat(builder.projectDefault("diarize_concurrent", Cap.atMost(2)).build().projectDefault("diarize_concurrent"))
                .isEqualTo(Cap.atMost(2));
        assertThatThrownBy(() -> builder.organizationDefault("tts_concurrent", Cap.atMost(1)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Unknown speechmeter.limits.organization.tts_concurrent: expected requests_per_minute"
                        + " or <pool>_concurrent for a pool in speechmeter.pools [transcribe, diarize]");
    }

    @Test
    void aValueReadFromPropertiesIsCheckedOnceInTheWordsOfTheBuilder() {
        assertThatThrownBy(() -> MeteringConfig.fromProperties(Map.of(MeteringProperties.KEY_CACHE_TTL, "0")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value '0' for speechmeter.key-cache.ttl-seconds: expected a whole number of seconds > 0");
        assertThatThrownBy(() -> MeteringConfig.builder().keyCacheTtl(Duration.ofSeconds(-3)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value '-3' for speechmeter.key-cache.ttl-seconds: expected a whole number of seconds > 0");
        assertThatThrownBy(() -> MeteringConfig.fromProperties(Map.of(MeteringProperties.MAX_REQUEST_BYTES, "-1")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value '-1' for speechmeter.max-request-bytes: expected a whole number > 0");
        assertThatThrownBy(() -> MeteringConfig.fromProperties(
                Map.of(MeteringProperties.AUTH_FAILURES_PER_MINUTE, "99999999999")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("from 1 to 1000000");
    }

    @Test
    void speechmetersOwnEndpointsAnswerOnlyInTheGroupsTurnedOn() {
        assertThat(MeteringConfig.defaults().restGroups()).isEmpty();
        assertThat(MeteringConfig.fromProperties(Map.of(MeteringProperties.REST_GROUPS, "all")::get).restGroups())
                .containsExactly(ApiGroup.values());
        assertThat(MeteringConfig.fromProperties(Map.of(MeteringProperties.REST_GROUPS, " usage , KEYS")::get)
                .restGroups()).containsExactly(ApiGroup.USAGE, ApiGroup.KEYS);
        assertThatThrownBy(() -> MeteringConfig.fromProperties(Map.of(MeteringProperties.REST_GROUPS, "usage,logs")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value 'logs' for speechmeter.rest.groups: expected one of usage, projects, keys,"
                        + " billing, admin");
    }

    @Test
    void speechmetersOwnEndpointsGoUnderAPrefixOnlyWhenOneIsSet() {
        assertThat(MeteringConfig.defaults().restPrefix()).isEmpty();
        for (String prefix : List.of("/metering", "/speech/usage", "/a.b~c-d_e", "/...")) {
            assertThat(MeteringConfig.fromProperties(Map.of(MeteringProperties.REST_PREFIX, prefix)::get).restPrefix())
                    .isEqualTo(prefix);
        }
        for (String prefix : List.of("metering", "/metering/", "/", "//metering", "/a/../b", "/./a", "/a/.", "/a/..",
                "/a b", "/a%2Fb", "/a;b", "/m\u00e9tering", "/" + "a".repeat(200))) {
            assertThatThrownBy(() -> MeteringConfig.fromProperties(Map.of(MeteringProperties.REST_PREFIX, prefix)::get))
                    .as(prefix)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Invalid value '" + prefix + "' for speechmeter.rest.prefix: expected a path such as /metering");
        }
    }
}
