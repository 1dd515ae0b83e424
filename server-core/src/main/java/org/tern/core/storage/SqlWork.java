package org.tern.core.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of database work, run in one transaction on a storage thread. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
