using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ExplainHub.Server.Tests.Sessions;

/// <summary>
/// A throwaway PostgreSQL 15 cluster from Debian's <c>postgresql-15</c>, made and started on loopback by the test run
/// itself (initdb, pg_ctl) in a temporary folder, and removed afterwards: sessions are tested on the real server, not a
/// mock. PostgreSQL refuses to run as root, so under root it runs as the package's <c>postgres</c> user.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string User = "explainhub";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "explainhub-pg-" + Guid.NewGuid().ToString("N"));
    private int _port;

    private static bool IsRoot => Environment.UserName == "root";

    private string DataFolder => Path.Combine(_folder, "data");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException($"{BinDirectory}/initdb is missing: install Debian's postgresql-15 (./test.sh does).");
        }

        Directory.CreateDirectory(_folder);
        if (IsRoot)
        {
            await RunAsync("chown", "postgres:postgres", _folder);
        }

        _port = FreePort();
        await RunAsPostgresAsync("initdb", "-D", DataFolder, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync");
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        await RunAsPostgresAsync("pg_ctl", "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-o", options, "-w", "-t", "60", "start");
    }

    /// <summary>A new, empty database of its own, as an Npgsql connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "sessions_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={_port};Username={User};Database={database};Pooling=false");

    public async Task DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsPostgresAsync(string program, params string[] arguments) => IsRoot
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinDirectory, program), .. arguments])
        : RunAsync(Path.Combine(BinDirectory, program), arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
