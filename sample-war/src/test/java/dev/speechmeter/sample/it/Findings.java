package dev.speechmeter.sample.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the adversarial requests found, grouped so that a thousand requests that hit one bug make
 * one entry: requests with the same problems, status and answer (for an error page, the same
 * exceptions and the same first Speechmeter frame) are one group, with how often it came, on
 * which APIs, the request categories seen in it, and requests that reproduce it.
 */
final class Findings {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TEMPORARY_KEY = Pattern.compile("temp:[A-Za-z0-9_.=-]+");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern EXCEPTION = Pattern.compile(
            "((?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Failure))\\b(?::\\s*([^<\\n]{0,160}))?");
    private static final Pattern OWN_FRAME = Pattern.compile("at (?:[\\w.@/-]+//)?(dev\\.speechmeter[\\w.$<>]*)\\(([\\w$]+\\.java:\\d+)\\)");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final int EXAMPLES = 3;

    /** What was sent: a request, or the opening of a socket. */
    interface Subject {

        /** The API it went to, for grouping. */
        String api();

        String method();

        /** The categories of bad input it carried. */
        List<String> tags();

        /** How to send it again, the secrets replaced by placeholders. */
        String reproducer(List<String> secrets);
    }

    /** One thing wrong with an answer: its kind ({@code 5xx}, {@code leak}, ...) and what exactly. */
    record Problem(String kind, String detail) {
    }

    private static final class Group {
        final String heading;
        final String answer;
        final String detail;
        final Map<String, Integer> apis = new TreeMap<>();
        final Map<String, Integer> tags = new LinkedHashMap<>();
        final Map<String, String> examples = new LinkedHashMap<>();
        int count;

        Group(String heading, String answer, String detail) {
            this.heading = heading;
            this.answer = answer;
            this.detail = detail;
        }
    }

    private final Map<String, Group> groups = new TreeMap<>();
    private final Map<String, Integer> requestsByKind = new TreeMap<>();
    private final List<String> secrets;

    Findings(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Records what is wrong with one answer; nothing when {@code problems} is empty. */
    synchronized void add(Subject request, RawHttp.Response response, List<Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        List<String> kinds = problems.stream().map(Problem::kind).distinct().sorted().toList();
        kinds.forEach(kind -> requestsByKind.merge(kind, 1, Integer::sum));
        String answer = response == null ? "" : hide(summary(response));
        String detail = hide(String.join("; ", problems.stream().map(Problem::detail).distinct().toList()));
        // Error shapes differ by family of paths (the admin surface, Deepgram's, the speech API's): one group each.
        String family = kinds.contains("shape") ? family(request.api()) + " " : "";
        String heading = "[" + String.join(", ", kinds) + "] " + family + (response == null ? "" : "-> " + response.status());
        String key = heading + "|" + signature(answer) + "|" + signature(detail);
        Group group = groups.computeIfAbsent(key, k -> new Group(heading, answer, detail));
        group.count++;
        group.apis.merge(request.api(), 1, Integer::sum);
        for (String tag : request.tags()) {
            group.tags.merge(tag, 1, Integer::sum);
        }
        group.tags.merge("method:" + request.method(), 1, Integer::sum);
        if (group.examples.size() < EXAMPLES && !group.examples.containsKey(request.api())) {
            group.examples.put(request.api(), request.reproducer(secrets));
        }
    }

    /** A finding no single request explains (a leaked slot, a count that does not add up). */
    synchronized void addGlobal(String kind, String detail) {
        requestsByKind.merge(kind, 1, Integer::sum);
        groups.computeIfAbsent("[" + kind + "]|" + detail, k -> new Group("[" + kind + "]", "", detail)).count++;
    }

    /** How many requests had a problem of this kind. */
    synchronized int count(String kind) {
        return requestsByKind.getOrDefault(kind, 0);
    }

    synchronized boolean isEmpty() {
        return groups.isEmpty();
    }

    synchronized Map<String, Integer> countsByKind() {
        return new TreeMap<>(requestsByKind);
    }

    synchronized String report() {
        StringBuilder report = new StringBuilder();
        report.append(groups.size()).append(" distinct findings; requests by kind of problem: ")
                .append(requestsByKind).append('\n');
        int n = 0;
        List<Group> ordered = new ArrayList<>(groups.values());
        for (Group group : ordered) {
            report.append(String.format("%3d. %s  (%d request%s)%n", ++n, group.heading, group.count,
                    group.count == 1 ? "" : "s"));
            if (!group.apis.isEmpty()) {
                report.append("       on:     ").append(group.apis).append('\n');
            }
            if (!group.answer.isEmpty()) {
                report.append("       answer: ").append(group.answer).append('\n');
            }
            if (!group.detail.isEmpty()) {
                report.append("       why:    ").append(group.detail).append('\n');
            }
            if (!group.tags.isEmpty()) {
                report.append("       seen with: ");
                group.tags.entrySet().stream()
                        .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                        .limit(8)
                        .forEach(tag -> report.append(tag.getKey()).append(" (").append(tag.getValue()).append("), "));
                report.setLength(report.length() - 2);
                report.append('\n');
            }
            group.examples.values().forEach(example -> report.append("       e.g.:   ").append(example).append('\n'));
        }
        return report.toString();
    }

    private static String family(String api) {
        if (api.startsWith("/v1/admin")) {
            return "admin surface";
        }
        if (api.startsWith("/v1/projects")) {
            return "Deepgram-style paths";
        }
        if (api.startsWith("WebSocket")) {
            return "socket";
        }
        return "Soniox-style and speech paths";
    }

    private String hide(String text) {
        String hidden = text;
        for (int i = 0; i < secrets.size(); i++) {
            hidden = hidden.replace(secrets.get(i), "<secret-" + i + ">");
        }
        return hidden;
    }

    /**
     * An answer in a line: for a page with a stack trace, its exceptions (first and root cause)
     * and the first Speechmeter frame; for other HTML, its text; else the start of the body.
     */
    static String summary(RawHttp.Response response) {
        String body = response.bodyForReport(Integer.MAX_VALUE);
        Matcher exceptions = EXCEPTION.matcher(body);
        List<String> found = new ArrayList<>();
        while (exceptions.find()) {
            String message = exceptions.group(2) == null ? "" : ": " + Strings.escape(exceptions.group(2).strip(), 120);
            found.add(exceptions.group(1) + message);
        }
        if (!found.isEmpty() && body.contains(".java:")) {
            int rootAt = body.lastIndexOf("Caused by");
            Matcher frame = OWN_FRAME.matcher(body);
            String own = frame.find(Math.max(0, rootAt)) || frame.find(0) ? frame.group(1) + "(" + frame.group(2) + ")" : null;
            String first = found.get(0);
            String root = found.get(found.size() - 1);
            return "error page with a stack trace (" + body.length() + " chars): " + first
                    + (root.equals(first) ? "" : " ... caused by " + root)
                    + (own == null ? "" : " ... first Speechmeter frame " + own);
        }
        if (body.startsWith("<html") || body.startsWith("<!DOCTYPE")) {
            return "HTML: " + Strings.escape(TAG.matcher(body).replaceAll(" ").replaceAll("\\s+", " ").strip(), 200);
        }
        return Strings.escape(body, 200);
    }

    /** The text with what differs from request to request blanked, for grouping: ids, keys, numbers, messages. */
    static String signature(String text) {
        String signature = UUID.matcher(text).replaceAll("<uuid>");
        signature = TEMPORARY_KEY.matcher(signature).replaceAll("temp:<key>");
        signature = NUMBER.matcher(signature).replaceAll("<n>");
        if (signature.startsWith("error page with a stack trace")) {
            // Same exceptions at the same place: one bug, whatever the messages quote of the input.
            Matcher exceptions = EXCEPTION.matcher(signature);
            StringBuilder classes = new StringBuilder("stack trace:");
            while (exceptions.find()) {
                classes.append(' ').append(exceptions.group(1));
            }
            Matcher frame = Pattern.compile("first Speechmeter frame (\\S+)").matcher(signature);
            return classes + (frame.find() ? " " + frame.group(1) : "");
        }
        return signature;
    }
}
