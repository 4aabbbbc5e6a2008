package dev.speechmeter.sample.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The {@code Authorization} headers of the bad requests: good keys in every spelling the server
 * must take (Bearer, Token, temporary keys, grants), and bad ones: no header, empty, other
 * schemes (Basic, Digest, Negotiate, garbage), malformed Basic, unknown, cut or overlong keys,
 * forged temporary keys, and two headers at once.
 */
final class BadCredentials {

    private final Random random;
    private final String key;
    private final String temporaryKey;
    private final String grantToken;
    private final String adminAuthorization;

    BadCredentials(Random random, String key, String temporaryKey, String grantToken, String adminAuthorization) {
        this.random = random;
        this.key = key;
        this.temporaryKey = temporaryKey;
        this.grantToken = grantToken;
        this.adminAuthorization = adminAuthorization;
    }

    /**
     * Adds the {@code Authorization} header(s) of one request and tags them.
     *
     * @param admin   the request goes to the admin surface: a good one carries the administrator
     * @param metered the request goes to a speech endpoint: a good one may carry a temporary key
     * @param good    credentials the server must accept, or bad ones
     */
    void add(boolean admin, boolean metered, boolean good, List<RawHttp.Header> headers, List<String> tags) {
        if (admin && good) {
            headers.add(RawHttp.Header.of("Authorization", adminAuthorization));
            tags.add("auth:admin");
            return;
        }
        if (good) {
            int roll = random.nextInt(100);
            String value;
            String tag;
            if (metered && roll < 12) {
                value = "Bearer " + temporaryKey;
                tag = "auth:temporary-key";
            } else if (metered && roll < 20) {
                value = "Bearer " + grantToken;
                tag = "auth:grant-token";
            } else if (roll < 60) {
                value = "Bearer " + key;
                tag = "auth:bearer";
            } else if (roll < 90) {
                value = "Token " + key;
                tag = "auth:token";
            } else {
                value = (random.nextBoolean() ? "bearer  " : "TOKEN ") + key + " ";
                tag = "auth:odd-case-and-spaces";
            }
            headers.add(RawHttp.Header.of("Authorization", value));
            tags.add(tag);
            return;
        }
        int dot = temporaryKey.indexOf('.');
        String payload = temporaryKey.substring("temp:".length(), dot);
        String signature = temporaryKey.substring(dot + 1);
        String grantSignature = grantToken.substring(grantToken.indexOf('.') + 1);
        String[][] variants = {
                {"none", null},
                {"empty", ""},
                {"blank", "   "},
                {"bearer-no-key", "Bearer"},
                {"bearer-space", "Bearer "},
                {"token-no-key", "Token"},
                {"unknown-key", "Bearer sm_" + randomText(43)},
                {"truncated-key", "Bearer " + key.substring(0, key.length() - 1)},
                {"key-plus-char", "Token " + key + "x"},
                {"key-upper-case", "Bearer " + key.toUpperCase(Locale.ROOT)},
                {"two-keys", "Bearer " + key + " " + key},
                {"basic-bangs", "Basic !!!"},
                {"basic-empty", "Basic "},
                {"basic-no-credentials", "Basic"},
                {"basic-sm-key", "Basic sm_" + randomText(43)},
                {"basic-key-as-user", "Basic " + base64(key + ":")},
                {"basic-key-raw", "Basic " + key},
                {"basic-admin-wrong-password", "Basic " + base64("it-admin:wrong")},
                {"basic-user-not-admin", "Basic " + base64("it-user:it-user-password")},
                {"basic-no-colon", "Basic " + base64("it-admin")},
                {"basic-bad-padding", "Basic YQ"},
                {"basic-padding-only", "Basic ===="},
                {"basic-invalid-utf8", "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, 0x28, ':', 'a'})},
                {"basic-colon-only", "Basic " + base64(":")},
                {"basic-huge", "Basic " + base64("u".repeat(6_000) + ":" + "p".repeat(6_000))},
                {"digest", "Digest username=\"it-admin\", realm=\"ApplicationRealm\", nonce=\"x\", uri=\"/\", response=\"0\""},
                {"digest-bare", "Digest"},
                {"negotiate", "Negotiate YII="},
                {"ntlm", "NTLM TlRMTVNTUAABAAAA"},
                {"bearer-tab", "Bearer\t" + key},
                {"token-colon", "Token:" + key},
                {"bearer-equals", "Bearer=" + key},
                {"garbage", randomText(1 + random.nextInt(60))},
                {"unicode-emoji", "Bearer \uD83D\uDD11\uD83D\uDD11"},
                {"unicode-rtl", "Bearer \u202e" + key},
                {"unicode-cjk", "Token \u5bc6\u94a5"},
                {"long-key-10k", "Bearer " + "a".repeat(10_000)},
                {"long-key-513", "Bearer sm_" + "k".repeat(510)},
                {"long-key-60k", "Token sm_" + "a".repeat(60_000)},
                {"temp-empty", "Bearer temp:"},
                {"temp-short", "Bearer temp:abc"},
                {"temp-dot", "Bearer temp:."},
                {"temp-payload-only", "Bearer temp:" + payload},
                {"temp-payload-dot", "Bearer temp:" + payload + "."},
                {"temp-signature-only", "Bearer temp:." + signature},
                {"temp-swapped-signature", "Bearer temp:" + payload + "." + grantSignature},
                {"temp-flipped-signature", "Bearer temp:" + payload + "." + flip(signature)},
                {"temp-flipped-payload", "Bearer temp:" + flip(payload) + "." + signature},
                {"temp-truncated-payload", "Bearer temp:" + payload.substring(0, payload.length() / 2) + "." + signature},
                {"temp-one-byte-payload", "Bearer temp:AA." + signature},
                {"temp-random-payload", "Bearer temp:" + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(randomBytes(40 + random.nextInt(80))) + "." + signature},
                {"temp-huge-payload", "Bearer temp:" + "A".repeat(5_000) + "." + signature},
                {"temp-bad-base64", "Bearer temp:!!!.???"},
                {"temp-many-dots", "Bearer temp:a.b.c.d"},
                {"temp-padding", "Bearer temp:" + payload + "==." + signature + "=="},
                {"temp-as-token", "Token " + temporaryKey + "x"},
                {"bearer-null", "Bearer null"},
                {"bearer-jndi", "Bearer ${jndi:ldap://x/a}"},
        };
        String[] variant = variants[random.nextInt(variants.length)];
        tags.add("auth:" + variant[0]);
        if (variant[1] != null) {
            headers.add(RawHttp.Header.of("Authorization", variant[1]));
        }
        if (random.nextInt(100) < 4) {
            // A second Authorization header, good or bad: which one counts?
            headers.add(RawHttp.Header.of("Authorization", random.nextBoolean() ? "Bearer " + key : "Basic !!!"));
            tags.add("auth:duplicate-header");
        }
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt(94)));
        }
        return text.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String flip(String base64) {
        char last = base64.charAt(base64.length() - 1);
        return base64.substring(0, base64.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
