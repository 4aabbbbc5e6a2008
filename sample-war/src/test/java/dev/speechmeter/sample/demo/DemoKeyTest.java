package dev.speechmeter.sample.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.ConfigurationException;
import org.junit.jupiter.api.Test;

class DemoKeyTest {

    @Test
    void acceptsThirtyTwoToOneHundredTwentyEightPrintableCharacters() {
        String shortest = "k".repeat(32);
        String longest = "sm_" + "~".repeat(125);

        assertThat(DemoKey.validate(shortest)).isEqualTo(shortest);
        assertThat(DemoKey.validate(longest)).isEqualTo(longest);
    }

    @Test
    void refusesOtherKeysWithoutRepeatingThem() {
        String secretLooking = "too-short-but-secret";

        assertThatThrownBy(() -> DemoKey.validate(secretLooking))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SPEECHMETER_DEMO_KEY must be 32 to 128")
                .hasMessageNotContaining(secretLooking);
        assertThatThrownBy(() -> DemoKey.validate("k".repeat(129))).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> DemoKey.validate("with a space " + "k".repeat(30)))
                .hasMessageContaining("not printable ASCII or spaces");
        assertThatThrownBy(() -> DemoKey.validate("caf\u00e9" + "k".repeat(30)))
                .isInstanceOf(ConfigurationException.class);
    }
}
