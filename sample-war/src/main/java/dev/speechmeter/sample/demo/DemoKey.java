package dev.speechmeter.sample.demo;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.spi.ApiKeys;

/** The rules for a demo key chosen through {@value #VARIABLE}. */
final class DemoKey {

    static final String VARIABLE = "SPEECHMETER_DEMO_KEY";
    static final int MIN_LENGTH = ApiKeys.MIN_LENGTH;
    static final int MAX_LENGTH = 128;

    private DemoKey() {
    }

    /**
     * @return the key, unchanged
     * @throws ConfigurationException saying what is wrong, without repeating the value
     */
    static String validate(String key) {
        if (key.length() < MIN_LENGTH || key.length() > MAX_LENGTH || !ApiKeys.isWellFormed(key)) {
            throw new ConfigurationException(VARIABLE + " must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " printable ASCII characters without spaces; the value set has " + key.length()
                    + " characters" + (ApiKeys.isWellFormed(key) ? "" : ", some of them not printable ASCII or spaces")
                    + ". Unset it to have a key generated.");
        }
        return key;
    }
}
