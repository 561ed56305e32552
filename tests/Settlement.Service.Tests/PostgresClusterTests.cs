using Npgsql;

namespace Settlement.Service.Tests;

/// <summary>
/// The SQL that <see cref="PostgresCluster"/> gives Orleans' ADO.NET providers, run as the providers run it (by query
/// key, parameters by name): conditional writes change nothing unless the caller's version is current, and creating
/// the schema twice is harmless.
/// </summary>
public class PostgresClusterTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static List<Dictionary<string, object?>> Query(NpgsqlConnection c, string key, params (string Name, object? Value)[] args)
    {
        var sql = (string)new NpgsqlCommand($"SELECT QueryText FROM OrleansQuery WHERE QueryKey = '{key}'", c).ExecuteScalar()!;
        using var cmd = new NpgsqlCommand(sql, c);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        using var r = cmd.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        do
            while (r.Read())
                rows.Add(Enumerable.Range(0, r.FieldCount).ToDictionary(i => r.GetName(i), i => r.IsDBNull(i) ? null : r.GetValue(i), StringComparer.OrdinalIgnoreCase));
        while (r.NextResult());
        return rows;
    }

    private static int Single(List<Dictionary<string, object?>> rows) => Convert.ToInt32(Assert.Single(Assert.Single(rows)).Value);

    [Fact]
    public void Membership_and_reminder_writes_apply_only_from_the_current_version()
    {
        string db = server.NewDatabase();
        PostgresCluster.EnsureSchema(db);
        PostgresCluster.EnsureSchema(db); // every silo runs it at every start
        using var c = new NpgsqlConnection(db);
        c.Open();
        var now = DateTime.UtcNow;
        (string, object?)[] Silo(int port) => [("DeploymentId", "d"), ("Address", "127.0.0.1"), ("Port", port), ("Generation", 7)];
        (string, object?)[] Insert(int port, int version) => [.. Silo(port), ("SiloName", "s"), ("HostName", "h"), ("Status", 1), ("ProxyPort", 30000),
            ("StartTime", now), ("IAmAliveTime", now), ("Version", version)];

        Assert.Equal(1, Single(Query(c, "InsertMembershipVersionKey", ("DeploymentId", "d"))));
        Assert.Equal(0, Single(Query(c, "InsertMembershipVersionKey", ("DeploymentId", "d"))));
        Assert.Equal(1, Single(Query(c, "InsertMembershipKey", Insert(11111, 0))));
        Assert.Equal(0, Single(Query(c, "InsertMembershipKey", Insert(22222, 0))));   // stale version: nothing inserted
        Assert.Equal(0, Single(Query(c, "InsertMembershipKey", Insert(11111, 1))));   // the same silo again: nothing, version unchanged
        var all = Query(c, "MembershipReadAllKey", ("DeploymentId", "d"));
        Assert.Equal((11111, 1), (Convert.ToInt32(Assert.Single(all)["Port"]), Convert.ToInt32(all[0]["Version"])));

        (string, object?)[] Update(int port, int version, int status) => [.. Silo(port), ("Status", status), ("SuspectTimes", null), ("IAmAliveTime", now), ("Version", version)];
        Assert.Equal(0, Single(Query(c, "UpdateMembershipKey", Update(11111, 0, 3))));  // stale version
        Assert.Equal(0, Single(Query(c, "UpdateMembershipKey", Update(22222, 1, 3))));  // no such silo: the version must not move
        Assert.Equal(1, Single(Query(c, "UpdateMembershipKey", Update(11111, 1, 3))));
        var row = Assert.Single(Query(c, "MembershipReadRowKey", Silo(11111)));
        Assert.Equal((3, 2), (Convert.ToInt32(row["Status"]), Convert.ToInt32(row["Version"])));
        Assert.Equal("127.0.0.1", Assert.Single(Query(c, "GatewaysQueryKey", ("DeploymentId", "d"), ("Status", 3)))["Address"]);
        // A row for an unknown silo still carries the table version (the provider reads it from there).
        Assert.Null(Assert.Single(Query(c, "MembershipReadRowKey", Silo(33333)))["StartTime"]);

        (string, object?)[] Reminder = [("ServiceId", "svc"), ("GrainId", "publisher/0"), ("ReminderName", "publish")];
        Assert.Equal(0, Single(Query(c, "UpsertReminderRowKey", [.. Reminder, ("StartTime", now), ("Period", 60000), ("GrainHash", -5)])));
        Assert.Equal(1, Single(Query(c, "UpsertReminderRowKey", [.. Reminder, ("StartTime", now), ("Period", 60000L), ("GrainHash", -5)])));
        Assert.Single(Query(c, "ReadRangeRows1Key", ("ServiceId", "svc"), ("BeginHash", -10), ("EndHash", 0)));
        Assert.Empty(Query(c, "ReadRangeRows1Key", ("ServiceId", "svc"), ("BeginHash", 0), ("EndHash", 10)));
        Assert.Single(Query(c, "ReadRangeRows2Key", ("ServiceId", "svc"), ("BeginHash", 10), ("EndHash", -1)));   // wraps around
        Assert.Equal(0, Single(Query(c, "DeleteReminderRowKey", [.. Reminder, ("Version", 0)])));             // stale etag
        Assert.Equal(1, Single(Query(c, "DeleteReminderRowKey", [.. Reminder, ("Version", 1)])));
        Assert.Empty(Query(c, "ReadReminderRowKey", Reminder));
    }
}
