package dev.speechmeter.servlet;

import dev.speechmeter.internal.engine.ProcessingMethod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.internal.engine.MeteredEndpoint;
import dev.speechmeter.spi.LabelSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointMappingsTest {

    private static final List<String> POOLS = List.of("transcribe", "tts");

    private final EndpointMappings mappings = EndpointMappings.parse("""
            # speech endpoints
            /v1/transcriptions   transcribe_async  pool=transcribe
            /v1/jobs/*           transcribe_async  pool=transcribe  method=async
            /v1/jobs/special     special_scope
            /tts                 tts_rest          pool=tts
            """, POOLS);

    @Test
    void matchesExactPathsAndPrefixesTheLongestFirst() {
        assertThat(mappings.match("/v1/transcriptions"))
                .isEqualTo(new MeteredEndpoint("transcribe_async", "transcribe", "sync"));
        assertThat(mappings.match("/v1/jobs/42")).isEqualTo(new MeteredEndpoint("transcribe_async", "transcribe", "async"));
        assertThat(mappings.match("/v1/jobs")).isEqualTo(new MeteredEndpoint("transcribe_async", "transcribe", "async"));
        assertThat(mappings.match("/v1/jobs/special")).isEqualTo(new MeteredEndpoint("special_scope", null, "sync"));
        assertThat(mappings.match("/tts")).isEqualTo(new MeteredEndpoint("tts_rest", "tts", "sync"));
    }

    @Test
    void otherPathsAreNotMetered() {
        assertThat(mappings.match("/v1/transcriptions/extra")).isNull();
        assertThat(mappings.match("/v1/jobsx")).isNull();
        assertThat(mappings.match("/ttsx")).isNull();
        assertThat(mappings.match("/")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tts/", "//tts", "/TTS", "/Tts/", "/tts;jsessionid=1", "/./tts", "/x/../tts", "/%74ts",
        "/%2574ts", "/tts/.", "\\tts", "/tts%3Bx=1", "/v1/../tts", "/../tts"})
    void everySpellingOfAPathMatchesItsMapping(String spelling) {
        assertThat(mappings.match(spelling)).as(spelling).isEqualTo(new MeteredEndpoint("tts_rest", "tts", "sync"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/jobs/", "/V1/JOBS/42", "/v1//jobs//42/", "/v1/jobs;a=b/42", "/v1%2Fjobs%2F42"})
    void everySpellingOfAPrefixMatchesItsMapping(String spelling) {
        assertThat(mappings.match(spelling)).as(spelling)
                .isEqualTo(new MeteredEndpoint("transcribe_async", "transcribe", "async"));
    }

    @Test
    void aCanonicalPathHasNoEmptyDotOrParameterSegmentsAndNoTrailingSlash() {
        assertThat(PathSpellings.canonical("/A//b/./c;x=1/../D/")).isEqualTo("/a/b/d");
        assertThat(PathSpellings.canonical("/%")).isEqualTo("/%");
        assertThat(PathSpellings.canonical("/%e2%82%ac")).isEqualTo("/\u20ac");
        assertThat(PathSpellings.canonical("")).isEqualTo("/");
        assertThat(PathSpellings.canonical("/../..")).isEqualTo("/");
    }

    @Test
    void semicolonsSeparateEntriesToo() {
        EndpointMappings oneLine = EndpointMappings.parse("/a scope_a; /b scope_b pool=tts", POOLS);

        assertThat(oneLine.match("/b")).isEqualTo(new MeteredEndpoint("scope_b", "tts", "sync"));
    }

    @Test
    void capacityLabelsGoTogetherWithAKnownTechnology() {
        EndpointMappings labeled = EndpointMappings.parse(
                "/v1/transcriptions transcribe_async operation=transcribe pool=transcribe technology=speech_to_text "
                        + "vendor=whisper", POOLS);

        assertThat(labeled.match("/v1/transcriptions")).isEqualTo(new MeteredEndpoint("transcribe_async", "transcribe",
                "sync", new LabelSet("speech_to_text", "whisper", "transcribe")));
        assertThat(mappings.match("/tts").labels()).isNull();
        assertThatThrownBy(() -> EndpointMappings.parse("/x scope technology=speech_to_text vendor=acme", POOLS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("capacity labels go together");
        assertThatThrownBy(() -> EndpointMappings.parse("/x scope technology=tts vendor=acme operation=speak", POOLS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("technology 'tts' is not one of");
        assertThatThrownBy(() -> EndpointMappings.parse("/x scope technology=speech_to_text vendor=a/b operation=x",
                POOLS)).isInstanceOf(ConfigurationException.class).hasMessageContaining("vendor 'a/b'");
    }

    @Test
    void mistakesFailNamingTheLine() {
        assertThatThrownBy(() -> EndpointMappings.parse("/x scope pool=diarize", POOLS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.endpoints")
                .hasMessageContaining("/x scope pool=diarize")
                .hasMessageContaining("unknown pool 'diarize'");
        assertThatThrownBy(() -> EndpointMappings.parse("x scope", POOLS)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> EndpointMappings.parse("/x/*.wav scope", POOLS)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> EndpointMappings.parse("/x Scope", POOLS)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> EndpointMappings.parse("/x scope method=batch", POOLS))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> EndpointMappings.parse("/x scope colour=red", POOLS))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void aLineForSomeMethodsMetersOnlyThoseAndGoesBeforeALineForAllAtTheSamePattern() {
        EndpointMappings byMethod = EndpointMappings.parse("""
                POST        /v1/transcriptions    transcribe_async      pool=transcribe  method=async
                GET,DELETE  /v1/transcriptions/*  transcription_status  usage=none
                GET         /v1/transcriptions    transcription_list    usage=none
                /v1/files/*                       file_access           usage=none
                """, POOLS);
        MeteredEndpoint submit = new MeteredEndpoint("transcribe_async", "transcribe", "async");
        MeteredEndpoint status = new MeteredEndpoint("transcription_status", null, ProcessingMethod.SYNC, null, false);
        MeteredEndpoint list = new MeteredEndpoint("transcription_list", null, ProcessingMethod.SYNC, null, false);

        assertThat(byMethod.match("POST", Set.of("/v1/transcriptions"))).isEqualTo(submit);
        assertThat(byMethod.match("GET", Set.of("/v1/transcriptions"))).isEqualTo(list);
        assertThat(byMethod.match("HEAD", Set.of("/v1/transcriptions"))).as("GET includes HEAD").isEqualTo(list);
        assertThat(byMethod.match("GET", Set.of("/v1/transcriptions/42"))).isEqualTo(status);
        assertThat(byMethod.match("DELETE", Set.of("/v1/transcriptions/42"))).isEqualTo(status);
        assertThat(byMethod.match("PUT", Set.of("/v1/transcriptions/42"))).isNull();
        assertThat(byMethod.match("DELETE", Set.of("/v1/transcriptions"))).as("a prefix covers its own path")
                .isEqualTo(status);
        assertThat(byMethod.match("PUT", Set.of("/v1/transcriptions"))).isNull();
        assertThat(byMethod.match("PATCH", Set.of("/v1/files/7")).recorded()).isFalse();
        assertThat(byMethod.describe()).contains("DELETE,GET,HEAD /v1/transcriptions/* (transcription_status "
                + "method=sync usage=none)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/x  status  usage=none  pool=tts", "/v1/x  status  usage=some",
        "/v1/x  status  usage=none technology=speech_to_text vendor=v operation=o", "post /v1/x  status",
        "POST,  /v1/x  status", "POST", "/v1/x  status  queue=jobs", "/v1/x  status  pool=tts  queue=later",
        "/v1/x  status  pool=tts  queue=601s", "/v1/x  status  pool=tts  queue=-1s", "/v1/x  status  pool=tts  queue=5m",
        "/v1/x  status  usage=none  queue=jobs"})
    void aBadMethodListOrUsageOptionFailsTheDeployment(String line) {
        assertThatThrownBy(() -> EndpointMappings.parse(line, POOLS)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void queueJobsMakesAFullPoolQueueTheEndpointsJobs() {
        EndpointMappings queued = EndpointMappings.parse("POST /v1/jobs  transcribe_async  pool=transcribe  queue=jobs",
                POOLS);

        MeteredEndpoint endpoint = queued.match("POST", Set.of("/v1/jobs"));

        assertThat(endpoint.queue().jobs()).isTrue();
        assertThat(queued.describe()).containsExactly("POST /v1/jobs (transcribe_async pool=transcribe method=sync "
                + "queue=jobs)");
        assertThat(mappings.match("/tts").queue().jobs()).as("no queue unless asked").isFalse();
    }

    @Test
    void aWaitLetsASynchronousRequestWaitForASlotThatLong() {
        EndpointMappings waiting = EndpointMappings.parse("""
                /tts     tts_rest  pool=tts  queue=20s
                /quick   tts_rest  pool=tts  queue=250ms
                /never   tts_rest  pool=tts  queue=0s
                """, POOLS);

        assertThat(waiting.match("/tts").queue().maxWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(waiting.match("/quick").queue().maxWait()).isEqualTo(Duration.ofMillis(250));
        assertThat(waiting.match("/never").queue().waits()).isFalse();
        assertThat(waiting.describe()).contains("/tts (tts_rest pool=tts method=sync queue=20s)",
                "/quick (tts_rest pool=tts method=sync queue=250ms)");
    }

    @Test
    void aMethodIsMatchedInAnyCaseAsARouterMayTakeIt() {
        EndpointMappings byMethod = EndpointMappings.parse("POST /v1/jobs  transcribe_async  pool=transcribe", POOLS);

        assertThat(byMethod.match("post", Set.of("/v1/jobs"))).isNotNull();
        assertThat(byMethod.match("Post", Set.of("/v1/jobs"))).isNotNull();
        assertThat(byMethod.match("get", Set.of("/v1/jobs"))).isNull();
        assertThat(byMethod.namesPath(Set.of("/v1/jobs"))).as("its path, for the error shape").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/files/%2e%2e", "/v1/files/%2E", "/v1/files/%252e%252e", "/v1/files/.%2e"})
    void anEncodedDotSegmentIsAlsoReadAsTheNameARouterHandsToTheEndpoint(String raw) {
        EndpointMappings files = EndpointMappings.parse("GET,DELETE /v1/files/*  file_access  usage=none", POOLS);
        String decoded = java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);

        Set<String> spellings = PathSpellings.of(decoded, raw, "");

        assertThat(files.match("DELETE", spellings)).as(spellings.toString()).isNotNull();
    }
}
