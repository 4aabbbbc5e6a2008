package dev.speechmeter.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What {@link UsageJournal} logs while a test runs, through the platform logger's default backend. */
final class JournalLog implements AutoCloseable {

    /** Held here: the logging framework keeps its loggers only weakly. */
    private final Logger logger = Logger.getLogger(UsageJournal.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    JournalLog() {
        logger.addHandler(handler);
    }

    /** The messages logged at exactly {@code level}. */
    List<String> at(Level level) {
        synchronized (records) {
            List<String> messages = new ArrayList<>();
            for (LogRecord record : records) {
                if (record.getLevel().equals(level)) {
                    messages.add(record.getMessage());
                }
            }
            return messages;
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
