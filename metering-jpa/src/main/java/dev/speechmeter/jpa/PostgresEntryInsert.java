package dev.speechmeter.jpa;

import dev.speechmeter.spi.UsageRecord;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A whole batch of usage entries in one PostgreSQL statement: one array per column, zipped back
 * into rows by {@code unnest}, so that the server plans and runs one statement for the batch
 * instead of one per entry. A request id already stored is left as it is; {@code RETURNING}
 * tells which entries were new.
 */
final class PostgresEntryInsert {

    private static final String SQL = sql();

    private PostgresEntryInsert() {
    }

    /** Inserts the entries; returns those that were new. */
    static List<UsageRecord> insertNew(Connection connection, List<UsageRecord> records) throws SQLException {
        List<Array> arrays = new ArrayList<>(EntryColumn.ALL.size());
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            int index = 0;
            for (EntryColumn column : EntryColumn.ALL) {
                Object[] values = new Object[records.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = column.arrayElement(records.get(i));
                }
                Array array = connection.createArrayOf(column.pgType(), values);
                arrays.add(array);
                statement.setArray(++index, array);
            }
            Set<UUID> fresh = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getObject(1, UUID.class));
                }
            }
            List<UsageRecord> inserted = new ArrayList<>(fresh.size());
            for (UsageRecord record : records) {
                // A batch holding one id twice stores it once and counts it once.
                if (fresh.remove(record.requestId())) {
                    inserted.add(record);
                }
            }
            return inserted;
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    private static String sql() {
        StringBuilder names = new StringBuilder();
        StringBuilder arrays = new StringBuilder();
        for (EntryColumn column : EntryColumn.ALL) {
            names.append(names.length() == 0 ? "" : ", ").append(column.name());
            arrays.append(arrays.length() == 0 ? "" : ", ").append("CAST(? AS ").append(column.pgType()).append("[])");
        }
        return "INSERT INTO sm_usage_entry (" + names + ") SELECT * FROM unnest(" + arrays + ") "
                + "ON CONFLICT (uuid) DO NOTHING RETURNING uuid";
    }
}
