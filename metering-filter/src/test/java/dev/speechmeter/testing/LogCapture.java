package dev.speechmeter.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one logger publishes while the capture is open. {@code System.Logger} writes through
 * {@code java.util.logging} outside a server, so a handler on the logger of the same name sees them.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of(MeteringRuntime.class)) {
 *     runtime.announce(List.of());
 *     assertThat(log.messages()).hasSize(1);
 * }
 * }</pre>
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Captures the logger named after {@code type}. */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(Logger.getLogger(type.getName()));
    }

    public List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
