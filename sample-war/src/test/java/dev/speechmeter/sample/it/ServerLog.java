package dev.speechmeter.sample.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The log of the server under test, read from a mark on: what a failing test shows beside its
 * findings, so that an answer the server gave once under load can be explained from the run that
 * saw it. The managed WildFly's {@code standalone/log/server.log}, or Payara's domain log.
 */
final class ServerLog {

    private static final Pattern NOTEWORTHY = Pattern.compile(
            "SEVERE|ERROR|Exception Processing|ErrorPage|Exception|Error:");
    private static final Pattern FIRST = Pattern.compile("ErrorPage|Exception Processing|dev\\.speechmeter");
    private static final Pattern NOISE = Pattern.compile("Web Login Failed|certificate with alias|has expired");
    private static final int MAX_LINES = 80;

    private final Path file;

    private ServerLog(Path file) {
        this.file = file;
    }

    /** The log of the server this test execution runs against. */
    static ServerLog ofThisServer() {
        String payara = System.getProperty("payara.home");
        if (payara != null && System.getProperty("arquillian.xml", "").contains("payara")) {
            return new ServerLog(Path.of(payara, "glassfish", "domains", "domain1", "logs", "server.log"));
        }
        return new ServerLog(Path.of(System.getProperty("jboss.home", "."), "standalone", "log", "server.log"));
    }

    /** Where the log ends now. */
    long mark() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The lines written since the mark that speak of an error (an exception, a severe or error
     * record), those of error pages and of Speechmeter's own code first, at most
     * {@value #MAX_LINES}; from the start of the file when it was rotated since.
     */
    String noteworthySince(long mark) {
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long from = log.length() >= mark ? mark : 0;
            byte[] written = new byte[(int) Math.min(Integer.MAX_VALUE - 8, log.length() - from)];
            log.seek(from);
            log.readFully(written);
            for (String line : new String(written, StandardCharsets.UTF_8).split("\r?\n")) {
                if (NOTEWORTHY.matcher(line).find() && !NOISE.matcher(line).find()) {
                    (FIRST.matcher(line).find() ? first : rest).add(Strings.escape(line, 300));
                }
            }
        } catch (IOException e) {
            return "\nthe server's log (" + file + ") could not be read: " + e;
        }
        List<String> lines = new ArrayList<>(first);
        lines.addAll(rest);
        return "\nthe server's log since the requests began (" + file.getFileName() + "; errors only, those of"
                + " error pages and of Speechmeter first; " + Math.min(MAX_LINES, lines.size()) + " of " + lines.size()
                + " lines):\n  " + String.join("\n  ", lines.subList(0, Math.min(MAX_LINES, lines.size())));
    }
}
