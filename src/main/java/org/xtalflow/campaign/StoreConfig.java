package org.xtalflow.campaign;

import java.nio.file.Path;

/**
 * Where the campaign store lives. The default is an embedded SQLite file (WAL journal,
 * synchronous FULL, so a kill -9 or power cut loses no committed transition); a PostgreSQL server
 * is chosen by giving a {@code jdbc:postgresql://} URL. The same JDBC code runs on both.
 *
 * @param jdbcUrl {@code jdbc:sqlite:/path/store.db} or {@code jdbc:postgresql://host/db}
 * @param user database user (PostgreSQL), null for SQLite
 * @param password database password (PostgreSQL), null for SQLite; never logged
 * @param maxPoolSize connections in the pool
 */
public record StoreConfig(String jdbcUrl, String user, String password, int maxPoolSize) {

    public StoreConfig {
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:sqlite:") || jdbcUrl.startsWith("jdbc:postgresql:"))) {
            throw new StoreException("store: unsupported JDBC URL '" + jdbcUrl
                    + "' (use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)");
        }
        if (maxPoolSize < 1) throw new StoreException("store: maxPoolSize must be >= 1, got " + maxPoolSize);
    }

    /** An embedded SQLite file store (the default). */
    public static StoreConfig sqlite(Path file) {
        return new StoreConfig("jdbc:sqlite:" + file.toAbsolutePath(), null, null, 4);
    }

    public static StoreConfig postgres(String jdbcUrl, String user, String password) {
        return new StoreConfig(jdbcUrl, user, password, 8);
    }

    public boolean isSqlite() {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    /** The folder under db/migration holding this database's SQL migrations. */
    String vendor() {
        return isSqlite() ? "sqlite" : "postgresql";
    }

    @Override
    public String toString() {
        return "StoreConfig[" + jdbcUrl + (user == null ? "" : ", user=" + user) + "]";
    }
}
