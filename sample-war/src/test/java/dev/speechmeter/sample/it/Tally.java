package dev.speechmeter.sample.it;

import java.util.Map;
import java.util.TreeMap;

/**
 * How the bad requests were answered: statuses in all, by kind of credentials, by API, and how
 * many requests carried each category of bad input, so that a run shows what it reached.
 */
final class Tally {

    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final Map<String, Map<Integer, Integer>> byCredentials = new TreeMap<>();
    private final Map<String, Map<String, Integer>> byApi = new TreeMap<>();
    private final Map<String, Integer> byInput = new TreeMap<>();

    void add(BadRequests.Request request, RawHttp.Response response) {
        int status = response.status();
        byStatus.merge(status, 1, Integer::sum);
        byCredentials.computeIfAbsent(request.goodAuth() ? "a good key or administrator" : "bad or no credentials",
                k -> new TreeMap<>()).merge(status, 1, Integer::sum);
        byApi.computeIfAbsent(request.api(), api -> new TreeMap<>())
                .merge(status == 0 ? "none" : status / 100 + "xx", 1, Integer::sum);
        request.tags().stream()
                .map(tag -> tag.substring(0, Math.max(0, tag.indexOf(':'))))
                .distinct()
                .forEach(category -> byInput.merge(category, 1, Integer::sum));
    }

    Map<Integer, Integer> byStatus() {
        return byStatus;
    }

    /** Every count but the statuses in all, one line each. */
    String details() {
        StringBuilder out = new StringBuilder();
        byCredentials.forEach((credentials, statuses) ->
                out.append("    with ").append(credentials).append(": ").append(statuses).append('\n'));
        out.append("    requests carrying each category of bad input: ").append(byInput).append('\n');
        byApi.forEach((api, statuses) -> out.append("    ").append(api).append(' ').append(statuses).append('\n'));
        return out.toString();
    }
}
