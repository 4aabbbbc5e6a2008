package dev.speechmeter.sample.it;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Bad openings of the real-time transcription socket (SPEC section 7): configuration messages that
 * are not JSON, carry a bad key, or carry a good key with fields the stream cannot start with;
 * audio before any configuration. None of them may start a stream: each must be answered with one
 * error message and the close.
 */
final class BadStreams {

    /** What a socket sends first: a text message, or audio when {@code text} is null. */
    record Opening(int index, String text, byte[] audio, boolean goodKey, List<String> tags)
            implements Findings.Subject {

        @Override
        public String api() {
            return "WebSocket /transcribe-websocket";
        }

        @Override
        public String method() {
            return "WS";
        }

        @Override
        public String reproducer(List<String> secrets) {
            String sent = text == null ? "binary frame of " + audio.length + " bytes" : Strings.escape(text, 200);
            for (int i = 0; i < secrets.size(); i++) {
                sent = sent.replace(secrets.get(i), "<secret-" + i + ">");
            }
            return "WebSocket /transcribe-websocket, first message: " + sent;
        }
    }

    private final Random random;
    private final String key;
    private final String temporaryKey;

    BadStreams(long seed, String key, String temporaryKey) {
        this.random = new Random(seed);
        this.key = key;
        this.temporaryKey = temporaryKey;
    }

    List<Opening> generate(int count) {
        List<Opening> openings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            openings.add(next(i));
        }
        return openings;
    }

    private Opening next(int index) {
        List<String> tags = new ArrayList<>();
        int family = random.nextInt(100);
        if (family < 5) {
            tags.add("stream:audio-first");
            return new Opening(index, null, TestAudio.rawTone(Duration.ofMillis(100)), false, tags);
        }
        if (family < 20) {
            BadBodies.Body body = BadBodies.json(List.of(new BadBodies.Field("model", r -> "\"stt-rt-sample\"")), random);
            tags.add("stream:" + body.tag());
            return new Opening(index, new String(body.bytes(), StandardCharsets.UTF_8), null, false, tags);
        }
        boolean goodKey = random.nextBoolean();
        StringBuilder json = new StringBuilder("{");
        String apiKey;
        if (goodKey) {
            apiKey = "\"" + key + "\"";
            tags.add("stream-key:good");
        } else {
            String[][] bad = {
                    {"absent", null}, {"null", "null"}, {"number", "123"}, {"empty", "\"\""},
                    {"unknown", "\"sm_" + "x".repeat(43) + "\""}, {"truncated", "\"" + key.substring(1) + "\""},
                    {"temporary-other-scope", "\"" + temporaryKey + "\""}, {"temp-forged", "\"temp:AA.BB\""},
                    {"long", "\"" + "k".repeat(10_000) + "\""}, {"nul", "\"a\\u0000b\""},
                    {"lone-surrogate", "\"\\ud800\""}, {"array", "[\"" + key + "\"]"},
            };
            String[] variant = bad[random.nextInt(bad.length)];
            apiKey = variant[1];
            tags.add("stream-key:" + variant[0]);
        }
        if (apiKey != null) {
            json.append("\"api_key\": ").append(apiKey);
        }
        // With a good key, at least one field the stream cannot start with, so that none is admitted.
        int broken = goodKey ? random.nextInt(5) : -1;
        field(json, tags, "model", "\"stt-rt-sample\"", broken == 0, List.of("\"other-model\"", "\"\"", "42", "null"));
        field(json, tags, "audio_format", "\"pcm_s16le\"", broken == 1, List.of("\"auto\"", "\"mp3\"", "7", "\"\""));
        field(json, tags, "sample_rate", "16000", broken == 2, List.of());
        field(json, tags, "num_channels", "1", broken == 3, List.of("0", "65", "-1"));
        field(json, tags, "client_reference_id", "\"ref\"", broken == 4, List.of("\"" + "r".repeat(257) + "\"", "12", "[]"));
        return new Opening(index, json.append('}').toString(), null, goodKey, tags);
    }

    private void field(StringBuilder json, List<String> tags, String name, String good, boolean mustBreak,
                       List<String> badOnes) {
        String value;
        int roll = random.nextInt(100);
        if (!mustBreak && roll < 70) {
            value = good;
        } else if (!badOnes.isEmpty() && random.nextBoolean()) {
            value = badOnes.get(random.nextInt(badOnes.size()));
            tags.add("stream:" + name + "=" + Strings.escape(value, 30));
        } else if (name.equals("client_reference_id") || name.equals("model") || name.equals("audio_format")) {
            value = badOnes.get(random.nextInt(badOnes.size()));
            tags.add("stream:" + name + "=" + Strings.escape(value, 30));
        } else {
            Map.Entry<String, String> weird = BadBodies.weirdValue(random);
            if (mustBreak && isAcceptable(name, weird.getValue())) {
                weird = Map.entry("number-zero", "0");
            }
            value = weird.getValue();
            tags.add("stream:" + name + "=" + weird.getKey());
        }
        if (json.length() > 1) {
            json.append(", ");
        }
        json.append('"').append(name).append("\": ").append(value);
    }

    /** Weird values a whole-number field still takes (1.0, 1e2): not a sure way to break a configuration. */
    private static boolean isAcceptable(String name, String raw) {
        try {
            BigDecimal number = new BigDecimal(raw);
            int max = name.equals("sample_rate") ? 1_000_000 : 64;
            return number.signum() > 0 && number.compareTo(BigDecimal.valueOf(max)) <= 0
                    && number.stripTrailingZeros().scale() <= 0;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }
}
