package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every {@code speechmeter.redis.*} setting, and no other. */
class RedisConfigurationDocTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(speechmeter\\.redis\\.[^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyRedisSettingIsDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("..", "docs", "configuration.md")));
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).containsExactlyInAnyOrder(RedisSettings.URI_PROPERTY, RedisSettings.TIMEOUT_PROPERTY,
                RedisSettings.LEASE_PROPERTY, RedisSettings.ON_FAILURE_PROPERTY, RedisSettings.HISTORY_PROPERTY);
    }
}
