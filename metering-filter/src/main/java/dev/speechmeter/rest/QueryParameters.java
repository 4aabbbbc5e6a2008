package dev.speechmeter.rest;

import dev.speechmeter.spi.ApiError.ValidationError;
import java.util.List;
import java.util.Map;

/** Query parameters as the server parsed them: every value of every name, so that a repeat shows. */
final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * The one value of {@code name}; null when it is absent or empty, or after adding a
     * {@code multiple_values} error on {@code query.<name>} when it is given more than once.
     */
    static String single(Map<String, List<String>> parameters, String name, List<ValidationError> errors) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            errors.add(new ValidationError("multiple_values", "query." + name, name + " must be given once."));
            return null;
        }
        return values.get(0);
    }
}
