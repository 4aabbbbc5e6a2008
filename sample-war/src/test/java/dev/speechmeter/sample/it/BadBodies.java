package dev.speechmeter.sample.it;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Request bodies a hostile or broken client sends: JSON that is empty, cut short, nested past any
 * sane depth, with numbers no type holds, strings with NULs and lone surrogates, wrong types; and
 * WAV files whose headers lie. Each comes with a tag naming what it is, for the reports.
 */
final class BadBodies {

    /** A body and what kind of body it is. */
    record Body(String tag, byte[] bytes) {

        static Body of(String tag, String text) {
            return new Body(tag, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A JSON field and how to write a good value of it. */
    record Field(String name, Function<Random, String> goodValue) {
    }

    private static final String DIGITS_1200 = "9".repeat(1200);

    /** Raw JSON values no field expects: each is a tag and the JSON text (not always valid JSON). */
    private static final Map<String, String> WEIRD_VALUES = weirdValues();

    private static Map<String, String> weirdValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("number-1e99999999999", "1e99999999999");
        values.put("number--1e99999999999", "-1e99999999999");
        values.put("number-1E400", "1E400");
        values.put("number-1e-99999999999", "1e-99999999999");
        values.put("number-1200-digits", DIGITS_1200);
        values.put("number-negative-1200-digits", "-" + DIGITS_1200);
        values.put("number-1200-decimals", "0." + "0".repeat(1199) + "1");
        values.put("number-1200-digits-fraction", DIGITS_1200 + ".5");
        values.put("number--0", "-0");
        values.put("number--0.0", "-0.0");
        values.put("number-long-overflow", "9223372036854775808");
        values.put("number-long-underflow", "-9223372036854775809");
        values.put("number-int-overflow", "2147483648");
        values.put("number-int-underflow", "-2147483649");
        values.put("number-fraction", "1.5");
        values.put("number-zero", "0");
        values.put("number-negative", "-1");
        values.put("number-exponent", "1e2");
        values.put("number-1.0", "1.0");
        values.put("number-3600.0000000000001", "3600.0000000000001");
        values.put("number-hex", "0x10");
        values.put("number-NaN", "NaN");
        values.put("number-Infinity", "Infinity");
        values.put("number-leading-zero", "01");
        values.put("number-plus", "+1");
        values.put("string-empty", "\"\"");
        values.put("string-blank", "\"   \"");
        values.put("string-escaped-nul", "\"a\\u0000b\"");
        values.put("string-raw-nul", "\"a\u0000b\"");
        values.put("string-lone-high-surrogate", "\"\\ud800\"");
        values.put("string-lone-low-surrogate", "\"x\\udc00\"");
        values.put("string-two-high-surrogates", "\"\\ud800\\ud800\"");
        values.put("string-rtl-mark", "\"\u202eabc\u200f\"");
        values.put("string-escaped-rtl", "\"\\u202e\\u200f\"");
        values.put("string-emoji", "\"\uD83D\uDE00\uD83C\uDFA4\"");
        values.put("string-escaped-emoji", "\"\\ud83d\\ude00\"");
        values.put("string-cjk", "\"\u4f60\u597d\u4e16\u754c\u8a9e\u97f3\"");
        values.put("string-zero-width", "\"\u200b\u200d\ufeff\"");
        values.put("string-backslashes", "\"\\\\\\\\\"");
        values.put("string-bad-escape", "\"\\x41\"");
        values.put("string-unterminated", "\"abc");
        values.put("string-5001", "\"" + "a".repeat(5001) + "\"");
        values.put("string-huge", "\"" + "b".repeat(70_000) + "\"");
        values.put("string-huge-unicode", "\"" + "\u00e9\u4f60".repeat(20_000) + "\"");
        values.put("string-257", "\"" + "r".repeat(257) + "\"");
        values.put("string-injection", "\"${jndi:ldap://x/a} <script>'\\\"--\"");
        values.put("true", "true");
        values.put("false", "false");
        values.put("null", "null");
        values.put("array-empty", "[]");
        values.put("array", "[1, \"a\", null]");
        values.put("object-empty", "{}");
        values.put("object", "{\"a\": 1}");
        values.put("array-deep-1001", "[".repeat(1001) + "]".repeat(1001));
        values.put("object-deep-1001", "{\"a\":".repeat(1001) + "1" + "}".repeat(1001));
        return values;
    }

    private BadBodies() {
    }

    /** Any one of the weird values: {tag, raw JSON}. */
    static Map.Entry<String, String> weirdValue(Random random) {
        int pick = random.nextInt(WEIRD_VALUES.size());
        return WEIRD_VALUES.entrySet().stream().skip(pick).findFirst().orElseThrow();
    }

    /**
     * A JSON body for an endpoint whose fields are {@code fields}: mostly objects of those fields
     * with some values good, some weird, some left out; else one of the malformed bodies.
     */
    static Body json(List<Field> fields, Random random) {
        int family = random.nextInt(100);
        if (family < 55) {
            return fields(fields, random);
        }
        if (family < 60) {
            Body good = good(fields, random);
            int cut = random.nextInt(Math.max(1, good.bytes().length));
            return new Body("json-truncated", Arrays.copyOf(good.bytes(), cut));
        }
        if (family < 67) {
            return deep(random, fields);
        }
        if (family < 75) {
            return malformed(random);
        }
        if (family < 80) {
            return encodingTricks(good(fields, random), random);
        }
        if (family < 84) {
            return duplicateAndExtraKeys(fields, random);
        }
        if (family < 87) {
            return hugeBody(random);
        }
        return good(fields, random);
    }

    /** Every field with a good value. */
    static Body good(List<Field> fields, Random random) {
        StringBuilder json = new StringBuilder("{");
        for (Field field : fields) {
            if (json.length() > 1) {
                json.append(", ");
            }
            json.append('"').append(field.name()).append("\": ").append(field.goodValue().apply(random));
        }
        return Body.of("json-good", json.append('}').toString());
    }

    private static Body fields(List<Field> fields, Random random) {
        StringBuilder json = new StringBuilder("{");
        StringBuilder tag = new StringBuilder("json-fields");
        for (Field field : fields) {
            int choice = random.nextInt(100);
            String value;
            if (choice < 55) {
                value = field.goodValue().apply(random);
            } else if (choice < 85) {
                Map.Entry<String, String> weird = weirdValue(random);
                value = weird.getValue();
                tag.append(' ').append(field.name()).append('=').append(weird.getKey());
            } else {
                tag.append(' ').append(field.name()).append("=absent");
                continue;
            }
            if (json.length() > 1) {
                json.append(", ");
            }
            json.append('"').append(field.name()).append("\": ").append(value);
        }
        return Body.of(tag.toString(), json.append('}').toString());
    }

    private static Body deep(Random random, List<Field> fields) {
        int depth = switch (random.nextInt(4)) {
            case 0 -> 1001;
            case 1 -> 5_000;
            case 2 -> 50_000;
            default -> 1_001 + random.nextInt(3_000);
        };
        return switch (random.nextInt(5)) {
            case 0 -> Body.of("json-deep-array-" + depth, "[".repeat(depth) + "]".repeat(depth));
            case 1 -> Body.of("json-deep-object-" + depth, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
            case 2 -> Body.of("json-deep-unclosed-" + depth, "[".repeat(depth));
            case 3 -> {
                Field field = fields.get(random.nextInt(fields.size()));
                yield Body.of("json-deep-in-field-" + field.name() + "-" + depth,
                        "{\"" + field.name() + "\": " + "[".repeat(depth) + "]".repeat(depth) + "}");
            }
            default -> Body.of("json-deep-mixed-" + depth, "[{\"a\":".repeat(depth / 2) + "1" + "}]".repeat(depth / 2));
        };
    }

    private static Body malformed(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> Body.of("empty", "");
            case 1 -> Body.of("whitespace", "  \n\t ");
            case 2 -> Body.of("json-null", "null");
            case 3 -> Body.of("json-number", "1e99999999999");
            case 4 -> Body.of("json-string", "\"text\"");
            case 5 -> Body.of("json-array", "[]");
            case 6 -> Body.of("json-true", "true");
            case 7 -> Body.of("not-json-text", "hello there");
            case 8 -> Body.of("not-json-xml", "<?xml version=\"1.0\"?><text>hi</text>");
            case 9 -> Body.of("not-json-form", "text=hi&model=tts-sample");
            case 10 -> Body.of("json-open-brace", "{");
            case 11 -> Body.of("json-trailing-garbage", "{\"text\": \"hi\"} trailing");
            case 12 -> Body.of("json-two-objects", "{}{}");
            case 13 -> Body.of("json-single-quotes", "{'text': 'hi'}");
            case 14 -> Body.of("json-comment", "{/* c */ \"text\": \"hi\"}");
            default -> {
                byte[] bytes = new byte[1 + random.nextInt(512)];
                random.nextBytes(bytes);
                yield new Body("random-bytes", bytes);
            }
        };
    }

    private static Body encodingTricks(Body good, Random random) {
        byte[] bytes = good.bytes();
        return switch (random.nextInt(5)) {
            case 0 -> new Body("utf8-bom", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes));
            case 1 -> new Body("utf16-le",
                    new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE));
            case 2 -> new Body("utf16-with-bom",
                    new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16));
            case 3 -> new Body("invalid-utf8", replaceInString(bytes, new byte[] {(byte) 0xC3, 0x28}));
            default -> new Body("invalid-utf8-ff", replaceInString(bytes, new byte[] {(byte) 0xFF, (byte) 0xFE}));
        };
    }

    private static Body duplicateAndExtraKeys(List<Field> fields, Random random) {
        Field field = fields.get(random.nextInt(fields.size()));
        String good = new String(good(fields, random).bytes(), StandardCharsets.UTF_8);
        String body = good.substring(0, good.length() - 1);
        return switch (random.nextInt(3)) {
            case 0 -> Body.of("json-duplicate-key-" + field.name(),
                    body + ", \"" + field.name() + "\": " + weirdValue(random).getValue() + "}");
            case 1 -> Body.of("json-extra-fields", body + ", \"\\u0000\": 1, \"\uD83D\uDE00\": [], \"__proto__\": {}}");
            default -> Body.of("json-many-fields", body + ", " + "\"k\": 1, ".repeat(20_000) + "\"z\": 0}");
        };
    }

    private static Body hugeBody(Random random) {
        return switch (random.nextInt(2)) {
            case 0 -> Body.of("json-huge-array", "[" + "1,".repeat(150_000) + "1]");
            default -> Body.of("json-huge-string", "{\"text\": \"" + "a".repeat(300_000) + "\"}");
        };
    }

    // Multipart uploads.

    /**
     * A {@code multipart/form-data} body with {@code boundary} for an upload: good ones (a WAV
     * file part, a reference part), and parts, names, file names and framing that go wrong.
     */
    static Body multipart(String boundary, Random random) {
        String open = "--" + boundary + "\r\n";
        String close = "--" + boundary + "--\r\n";
        Body wav = wav(random);
        int family = random.nextInt(12);
        String filename = switch (random.nextInt(8)) {
            case 0 -> "f".repeat(300) + ".wav";
            case 1 -> "\u00e9\u4f60\uD83D\uDE00.wav";
            case 2 -> "../../etc/passwd";
            case 3 -> "a\"; name=\"x";
            case 4 -> "";
            default -> "audio.wav";
        };
        String reference = switch (random.nextInt(6)) {
            case 0 -> "r".repeat(257);
            case 1 -> "\u00e9\uD83D\uDE00";
            case 2 -> "";
            default -> "order-7";
        };
        String filePart = open + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String referencePart = open + "Content-Disposition: form-data; name=\"client_reference_id\"\r\n\r\n"
                + reference + "\r\n";
        return switch (family) {
            case 0 -> Body.of("multipart-no-file-part", referencePart + close);
            case 1 -> new Body("multipart-unclosed", concat(bytes(filePart), wav.bytes()));
            case 2 -> Body.of("multipart-empty", "");
            case 3 -> Body.of("multipart-garbage", "not multipart at all \u0000\r\n--");
            case 4 -> new Body("multipart-part-named-File", concat(bytes(filePart.replace("name=\"file\"",
                    "name=\"File\"")), wav.bytes(), bytes("\r\n" + close)));
            case 5 -> new Body("multipart-two-files", concat(bytes(filePart), wav.bytes(), bytes("\r\n" + filePart),
                    wav.bytes(), bytes("\r\n" + close)));
            case 6 -> new Body("multipart-no-disposition", concat(bytes(open + "\r\n"), wav.bytes(),
                    bytes("\r\n" + close)));
            default -> new Body("multipart-" + wav.tag(), concat(bytes(filePart), wav.bytes(),
                    bytes("\r\n" + referencePart + close)));
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // WAV files.

    /** A WAV body for a transcription: good ones, short ones, and headers that lie in every way. */
    static Body wav(Random random) {
        int family = random.nextInt(100);
        if (family < 20) {
            int ms = 100 + random.nextInt(700);
            return random.nextBoolean()
                    ? new Body("wav-good", TestAudio.tone(Duration.ofMillis(ms)))
                    : new Body("wav-good-telephone", TestAudio.telephoneSilence(Duration.ofMillis(ms)));
        }
        return switch (random.nextInt(22)) {
            case 0 -> new Body("wav-empty", new byte[0]);
            case 1 -> Body.of("wav-riff-only", "RIFF");
            case 2 -> new Body("wav-header-only", riffHeader(4, "WAVE"));
            case 3 -> new Body("wav-fmt-only", concat(riffHeader(28, "WAVE"), fmt(1, 1, 16_000, 16, 2, 16)));
            case 4 -> new Body("wav-data-header-only",
                    concat(riffHeader(36, "WAVE"), fmt(1, 1, 16_000, 16, 2, 16), chunkHeader("data", 32_000)));
            case 5 -> new Body("wav-truncated-data", wavFile(1, 1, 16_000, 16, 2, 32_000, 1 + random.nextInt(2_000)));
            case 6 -> {
                long rate = pick(random, 0L, 1L, 7L, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL);
                yield new Body("wav-sample-rate-" + rate, wavFile(1, 1, rate, 8, 1, -1, rate < 100 ? 16 : 3_200));
            }
            case 7 -> {
                int channels = (int) pick(random, 0L, 65_535L, 1_024L, 3L);
                yield new Body("wav-channels-" + channels,
                        wavFile(1, channels, 16_000, 16, channels * 2, -1, 3_200));
            }
            case 8 -> {
                int bits = (int) pick(random, 0L, 1L, 3L, 24L, 64L, 65_535L);
                yield new Body("wav-bits-" + bits, wavFile(1, 1, 16_000, bits, 0, -1, 3_200));
            }
            case 9 -> {
                int align = (int) pick(random, 0L, 1L, 65_535L);
                yield new Body("wav-block-align-" + align, wavFile(1, 1, 16_000, 16, align, -1, 3_200));
            }
            case 10 -> {
                int tag = (int) pick(random, 0L, 2L, 0xFFFFL, 0xFFFEL, 3L, 6L, 7L);
                yield new Body("wav-format-" + tag, wavFile(tag, 1, 16_000, 16, 2, -1, 3_200));
            }
            case 11 -> {
                long size = pick(random, 0L, 15L, 17L, 1_025L, 0xFFFF_FFFFL, 0x7FFF_FFFFL);
                yield new Body("wav-fmt-size-" + size,
                        concat(riffHeader(100, "WAVE"), chunkHeader("fmt ", size), new byte[16]));
            }
            case 12 -> {
                long size = pick(random, 0L, 0xFFFF_FFFFL, 0x7FFF_FFFFL, 3L);
                yield new Body("wav-data-size-" + size, wavFile(1, 1, 16_000, 16, 2, size, 1_600));
            }
            case 13 -> {
                long size = pick(random, 0L, 0xFFFF_FFFFL);
                byte[] wav = wavFile(1, 1, 16_000, 16, 2, -1, 1_600);
                ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, (int) size);
                yield new Body("wav-riff-size-" + size, wav);
            }
            case 14 -> {
                String form = random.nextBoolean() ? "RIFX" : "RF64";
                byte[] wav = wavFile(1, 1, 16_000, 16, 2, -1, 1_600);
                System.arraycopy(form.getBytes(StandardCharsets.ISO_8859_1), 0, wav, 0, 4);
                yield new Body("wav-form-" + form, wav);
            }
            case 15 -> new Body("wav-data-before-fmt", concat(riffHeader(100, "WAVE"), chunkHeader("data", 4),
                    new byte[4], fmt(1, 1, 16_000, 16, 2, 16)));
            case 16 -> new Body("wav-huge-chunk-skipped", concat(riffHeader(100, "WAVE"),
                    chunkHeader("LIST", 0xFFFF_FFF0L), new byte[64]));
            case 17 -> {
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                for (int i = 0; i < 3_000; i++) {
                    chunks.writeBytes(chunkHeader("junk", 1));
                    chunks.writeBytes(new byte[2]);
                }
                yield new Body("wav-many-chunks", concat(riffHeader(100, "WAVE"), chunks.toByteArray(),
                        fmt(1, 1, 16_000, 16, 2, 16), chunkHeader("data", 320), new byte[320]));
            }
            case 18 -> {
                byte[] bytes = new byte[1 + random.nextInt(4_096)];
                random.nextBytes(bytes);
                yield new Body("wav-random-bytes", bytes);
            }
            case 19 -> Body.of("wav-json-body", "{\"text\": \"hi\"}");
            case 20 -> new Body("wav-large-300k", wavFile(1, 1, 16_000, 16, 2, -1, 300_000));
            default -> {
                byte[] wav = TestAudio.tone(Duration.ofMillis(500));
                yield new Body("wav-cut", Arrays.copyOf(wav, random.nextInt(wav.length)));
            }
        };
    }

    /**
     * A WAV file: RIFF header, a 16-byte fmt chunk with these fields, a data chunk declaring
     * {@code declaredData} bytes (-1: the bytes sent) and holding {@code dataBytes} bytes.
     */
    private static byte[] wavFile(int formatTag, int channels, long sampleRate, int bits, int blockAlign,
                                  long declaredData, int dataBytes) {
        byte[] data = new byte[dataBytes];
        return concat(riffHeader(36 + dataBytes, "WAVE"), fmt(formatTag, channels, sampleRate, bits, blockAlign, 16),
                chunkHeader("data", declaredData < 0 ? dataBytes : declaredData), data);
    }

    private static byte[] riffHeader(long size, String form) {
        return concat("RIFF".getBytes(StandardCharsets.ISO_8859_1), uint32(size),
                form.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] fmt(int formatTag, int channels, long sampleRate, int bits, int blockAlign, int size) {
        ByteBuffer fmt = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        fmt.put("fmt ".getBytes(StandardCharsets.ISO_8859_1)).putInt(size)
                .putShort((short) formatTag).putShort((short) channels).putInt((int) sampleRate)
                .putInt((int) (sampleRate * Math.max(1, blockAlign))).putShort((short) blockAlign)
                .putShort((short) bits);
        return fmt.array();
    }

    private static byte[] chunkHeader(String id, long size) {
        return concat(id.getBytes(StandardCharsets.ISO_8859_1), uint32(size));
    }

    private static byte[] uint32(long value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array();
    }

    private static long pick(Random random, long... values) {
        return values[random.nextInt(values.length)];
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The bytes with the first string value's first character replaced by {@code bad}. */
    private static byte[] replaceInString(byte[] json, byte[] bad) {
        for (int i = 0; i < json.length - 1; i++) {
            if (json[i] == ':') {
                for (int j = i + 1; j < json.length - 1; j++) {
                    if (json[j] == '"') {
                        return concat(Arrays.copyOf(json, j + 1), bad,
                                Arrays.copyOfRange(json, j + 1, json.length));
                    }
                    if (json[j] != ' ') {
                        break;
                    }
                }
            }
        }
        return concat(json, bad);
    }
}
