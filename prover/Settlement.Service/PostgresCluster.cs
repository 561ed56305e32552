using Npgsql;

namespace Settlement.Service;

/// <summary>
/// The tables and queries that Orleans' ADO.NET clustering and reminder providers need on PostgreSQL, created by the
/// service itself (the provider packages ship no scripts). The providers read their SQL from the table
/// <c>OrleansQuery</c> (QueryKey, QueryText) and bind parameters and result columns by name (docs/service.md,
/// "Several machines"); the SQL here is this project's own, written to that contract: each conditional write is one
/// statement, so a version check that fails changes nothing.
/// </summary>
public static class PostgresCluster
{
    /// <summary>The ADO.NET invariant name under which the Orleans providers find Npgsql.</summary>
    public const string Invariant = "Npgsql";

    // An arbitrary constant naming "creating the Orleans tables" among the database's advisory locks: two silos starting
    // at once must not both run CREATE TABLE IF NOT EXISTS (PostgreSQL can then fail on its catalog's unique index).
    private const long SchemaLock = 0x5e77_1e01;

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS OrleansQuery(QueryKey TEXT PRIMARY KEY, QueryText TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS orleans_membership_version(
            deployment_id TEXT PRIMARY KEY, version INT NOT NULL DEFAULT 0, changed_at TIMESTAMPTZ NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS orleans_membership(
            deployment_id TEXT NOT NULL REFERENCES orleans_membership_version(deployment_id),
            address TEXT NOT NULL, port INT NOT NULL, generation INT NOT NULL, silo_name TEXT NOT NULL, host_name TEXT NOT NULL,
            status INT NOT NULL, proxy_port INT NOT NULL, suspect_times TEXT, start_time TIMESTAMPTZ NOT NULL, i_am_alive_time TIMESTAMPTZ NOT NULL,
            PRIMARY KEY(deployment_id, address, port, generation));
        CREATE TABLE IF NOT EXISTS orleans_reminders(
            service_id TEXT NOT NULL, grain_id TEXT NOT NULL, reminder_name TEXT NOT NULL, start_time TIMESTAMPTZ NOT NULL,
            period BIGINT NOT NULL, grain_hash INT NOT NULL, version INT NOT NULL,
            PRIMARY KEY(service_id, grain_id, reminder_name));
        CREATE INDEX IF NOT EXISTS orleans_reminders_hash ON orleans_reminders(service_id, grain_hash);
        """;

    // The membership row as the provider reads it (its column names; PostgreSQL folds them to lowercase and the
    // provider looks them up case-insensitively).
    private const string MemberColumns =
        "v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation, m.silo_name AS SiloName, " +
        "m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes, m.start_time AS StartTime, " +
        "m.i_am_alive_time AS IAmAliveTime, v.version AS Version";

    private const string Silo = "deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation";

    private const string ReminderColumns =
        "SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version FROM orleans_reminders ";

    /// <summary>Query key → SQL, as the providers name them.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Queries = new Dictionary<string, string>
    {
        // Membership: the version row is the table's etag; every change of a silo's row bumps it, only from the version
        // the caller read.
        ["InsertMembershipVersionKey"] =
            "WITH i AS (INSERT INTO orleans_membership_version(deployment_id) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1) SELECT COUNT(*)::int FROM i",
        ["InsertMembershipKey"] = $"""
            WITH v AS (UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
                       WHERE deployment_id = @DeploymentId AND version = @Version
                         AND NOT EXISTS (SELECT 1 FROM orleans_membership WHERE {Silo}) RETURNING deployment_id),
                 i AS (INSERT INTO orleans_membership(deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
                       SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM v RETURNING 1)
            SELECT COUNT(*)::int FROM i
            """,
        ["UpdateMembershipKey"] = $"""
            WITH v AS (UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
                       WHERE deployment_id = @DeploymentId AND version = @Version
                         AND EXISTS (SELECT 1 FROM orleans_membership WHERE {Silo}) RETURNING 1),
                 u AS (UPDATE orleans_membership SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                       WHERE {Silo} AND EXISTS (SELECT 1 FROM v) RETURNING 1)
            SELECT COUNT(*)::int FROM u
            """,
        ["UpdateIAmAlivetimeKey"] = $"UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime WHERE {Silo}",
        ["MembershipReadRowKey"] =
            $"SELECT {MemberColumns} FROM orleans_membership_version v LEFT JOIN orleans_membership m " +
            "ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation WHERE v.deployment_id = @DeploymentId",
        ["MembershipReadAllKey"] =
            $"SELECT {MemberColumns} FROM orleans_membership_version v LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id WHERE v.deployment_id = @DeploymentId",
        ["DeleteMembershipTableEntriesKey"] =
            "DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId; DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId",
        ["GatewaysQueryKey"] =
            "SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation FROM orleans_membership " +
            "WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0",
        // Silos that stopped heartbeating before the given time and are not active (status 3) are forgotten.
        ["CleanupDefunctSiloEntriesKey"] =
            "DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3",

        // Reminders: the version is the row's etag.
        ["ReadReminderRowsKey"] = ReminderColumns + "WHERE service_id = @ServiceId AND grain_id = @GrainId",
        ["ReadReminderRowKey"] = ReminderColumns + "WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName",
        // A hash range (begin, end]; the second form is a range that wraps around.
        ["ReadRangeRows1Key"] = ReminderColumns + "WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash",
        ["ReadRangeRows2Key"] = ReminderColumns + "WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)",
        ["UpsertReminderRowKey"] = """
            INSERT INTO orleans_reminders(service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET start_time = excluded.start_time, period = excluded.period,
                grain_hash = excluded.grain_hash, version = orleans_reminders.version + 1
            RETURNING version AS Version
            """,
        ["DeleteReminderRowKey"] =
            "WITH d AS (DELETE FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName " +
            "AND version = @Version RETURNING 1) SELECT COUNT(*)::int FROM d",
        ["DeleteReminderRowsKey"] = "DELETE FROM orleans_reminders WHERE service_id = @ServiceId",
    };

    /// <summary>
    /// Creates the tables when missing and writes this settle's queries (replacing older texts), in one transaction;
    /// safe to run from every silo at every start.
    /// </summary>
    /// <exception cref="InvalidDataException">The database cannot be reached or refused the statements (the message says why).</exception>
    public static void EnsureSchema(string connectionString)
    {
        try
        {
            using var db = NpgsqlDataSource.Create(connectionString);
            using var c = db.OpenConnection();
            using var tx = c.BeginTransaction();
            using (var lk = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", c, tx)) { lk.Parameters.AddWithValue("k", SchemaLock); lk.ExecuteNonQuery(); }
            using (var t = new NpgsqlCommand(Tables, c, tx)) t.ExecuteNonQuery();
            foreach (var (key, sql) in Queries)
            {
                using var q = new NpgsqlCommand("INSERT INTO OrleansQuery(QueryKey, QueryText) VALUES (@k, @q) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText", c, tx);
                q.Parameters.AddWithValue("k", key);
                q.Parameters.AddWithValue("q", sql);
                q.ExecuteNonQuery();
            }
            tx.Commit();
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            // A malformed connection string (ArgumentException), or a server that cannot be reached or refuses us.
            throw new InvalidDataException($"the cluster's PostgreSQL database: {e.Message}", e);
        }
    }
}
