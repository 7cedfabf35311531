extension Migrations {
    /// A version number for the configuration tables, so that per-process caches of them
    /// (settings, the desk's option lists) survive ticket traffic. Until now the caches were
    /// keyed by `PRAGMA data_version`, which every ticket write moves: under a stream of
    /// creations each request read the whole settings table again (200 k instructions of
    /// a 1.9 M-instruction API creation). Triggers add one to `config_version.version` on
    /// every insert, update and delete of a configuration table, in the writer's transaction.
    ///
    /// Edge cases: a rolled-back change leaves the version as it was (the cache keeps its
    /// copy, which is still right); tables added later that a cache reads need their own
    /// triggers here (see `ChangeStamp`).
    static let configVersion008 = """
    CREATE TABLE config_version(
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL
    );
    INSERT INTO config_version(id, version) VALUES (1, 0);
    CREATE TRIGGER settings_config_insert AFTER INSERT ON settings BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER settings_config_update AFTER UPDATE ON settings BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER settings_config_delete AFTER DELETE ON settings BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER groups_config_insert AFTER INSERT ON groups BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER groups_config_update AFTER UPDATE ON groups BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER groups_config_delete AFTER DELETE ON groups BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER projects_config_insert AFTER INSERT ON projects BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER projects_config_update AFTER UPDATE ON projects BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER projects_config_delete AFTER DELETE ON projects BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER statuses_config_insert AFTER INSERT ON statuses BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER statuses_config_update AFTER UPDATE ON statuses BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER statuses_config_delete AFTER DELETE ON statuses BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER status_names_config_insert AFTER INSERT ON status_names BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER status_names_config_update AFTER UPDATE ON status_names BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER status_names_config_delete AFTER DELETE ON status_names BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER priorities_config_insert AFTER INSERT ON priorities BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER priorities_config_update AFTER UPDATE ON priorities BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER priorities_config_delete AFTER DELETE ON priorities BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER priority_names_config_insert AFTER INSERT ON priority_names BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER priority_names_config_update AFTER UPDATE ON priority_names BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER priority_names_config_delete AFTER DELETE ON priority_names BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER operators_config_insert AFTER INSERT ON operators BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER operators_config_update AFTER UPDATE ON operators BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER operators_config_delete AFTER DELETE ON operators BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER group_members_config_insert AFTER INSERT ON group_members BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER group_members_config_update AFTER UPDATE ON group_members BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    CREATE TRIGGER group_members_config_delete AFTER DELETE ON group_members BEGIN
        UPDATE config_version SET version = version + 1 WHERE id = 1;
    END;
    """
}
