using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Sessions.Hub;
using ExplainHub.Shared;
using Microsoft.AspNetCore.SignalR.Client;

namespace ExplainHub.Bench;

/// <summary>
/// Review sessions under load, on loopback against the real web app: S sessions, each with one driver and F followers
/// (read-only links), every one its own SignalR connection to /hubs/sessions. Each driver changes the shared image every
/// interval for a fixed number of changes; a change's latency is the time from the driver sending it to the last of its
/// session's followers receiving it. Reports p50/p95/p99/max, changes lost, and the Server's memory before the sessions
/// and after. There is no reference workload: the figure is held against the goal (p95 &lt; 250 ms).
/// </summary>
internal sealed class SessionsBenchmark : IBenchmark
{
    private const double GoalP95Ms = 250;

    public async Task<JsonObject> RunAsync(string[] args)
    {
        var sessions = BenchArguments.Int(args, "--sessions", 5);
        var followers = BenchArguments.Int(args, "--followers", 50);
        var changes = BenchArguments.Int(args, "--changes", 100);
        var interval = TimeSpan.FromMilliseconds(BenchArguments.Int(args, "--interval-ms", 200));
        var perSession = Math.Max(1, followers / sessions);

        await using var server = await ServerUnderLoad.StartAsync();
        var hub = new Uri(server.Url, "hubs/sessions");
        await using var warmUp = await ConnectAsync(hub);
        await warmUp.InvokeAsync<StartedSession>("Start", "warm-up", View(0));
        var before = server.MemoryMb();
        Console.Error.WriteLine($"ours: {sessions} sessions × {perSession} followers, {changes} changes each every {interval.TotalMilliseconds:0} ms; server {before} MB");

        var connections = new List<HubConnection>();
        try
        {
            var received = new ConcurrentDictionary<(int Session, int Change), ConcurrentBag<long>>();
            var drivers = new List<HubConnection>();
            for (var s = 0; s < sessions; s++)
            {
                var driver = await ConnectAsync(hub);
                connections.Add(driver);
                var started = await driver.InvokeAsync<StartedSession>("Start", $"bench {s}", View(0));
                await driver.InvokeAsync<JoinedSession>("Join", started.EditToken, $"driver {s}");
                drivers.Add(driver);
                for (var f = 0; f < perSession; f++)
                {
                    var follower = await ConnectAsync(hub);
                    connections.Add(follower);
                    var session = s;
                    follower.On<SyncedView>(nameof(ISessionClient.ViewChanged), view =>
                        received.GetOrAdd((session, view.View.Image!.Index), _ => []).Add(Stopwatch.GetTimestamp()));
                    await follower.InvokeAsync<JoinedSession>("Join", started.ReadToken, $"follower {s}.{f}");
                }
            }

            var sent = new ConcurrentDictionary<(int Session, int Change), long>();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(drivers.Select((driver, s) => DriveAsync(driver, s, changes, interval, sent)));
            var driving = clock.Elapsed;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline && sent.Keys.Any(k => !received.TryGetValue(k, out var bag) || bag.Count < perSession))
            {
                await Task.Delay(50);
            }

            var latencies = sent
                .Where(p => received.TryGetValue(p.Key, out var bag) && bag.Count >= perSession)
                .Select(p => Stopwatch.GetElapsedTime(p.Value, received[p.Key].Max()).TotalMilliseconds)
                .Order()
                .ToArray();
            var after = server.MemoryMb();
            var lost = sent.Count - latencies.Length;
            var p95 = Percentile(latencies, 0.95);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ours: {latencies.Length} changes seen by all {perSession} followers of their session; p50 {Percentile(latencies, 0.5):0.0} ms, p95 {p95:0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms, max {latencies.LastOrDefault():0.0} ms; lost {lost}; server {before} → {after} MB"));
            return new JsonObject
            {
                ["benchmark"] = "sessions",
                ["sessions"] = sessions,
                ["followers"] = sessions * perSession,
                ["changes"] = sent.Count,
                ["interval_ms"] = interval.TotalMilliseconds,
                ["driving_s"] = Math.Round(driving.TotalSeconds, 1),
                ["ours"] = new JsonObject
                {
                    ["p50_ms"] = Round(Percentile(latencies, 0.5)),
                    ["p95_ms"] = Round(p95),
                    ["p99_ms"] = Round(Percentile(latencies, 0.99)),
                    ["max_ms"] = Round(latencies.LastOrDefault()),
                    ["lost"] = lost,
                    ["server_rss_mb_before"] = before,
                    ["server_rss_mb_after"] = after,
                    ["server_peak_rss_mb"] = server.MemoryMb("VmHWM"),
                },
                ["reference"] = null,
                ["goal"] = new JsonObject { ["p95_ms"] = GoalP95Ms },
                ["ratios"] = new JsonObject { ["p95_vs_goal"] = Round(p95 / GoalP95Ms) },
            };
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task DriveAsync(HubConnection driver, int session, int changes, TimeSpan interval, ConcurrentDictionary<(int, int), long> sent)
    {
        using var timer = new PeriodicTimer(interval);
        for (var change = 1; change <= changes && await timer.WaitForNextTickAsync(); change++)
        {
            sent[(session, change)] = Stopwatch.GetTimestamp();
            await driver.InvokeAsync<SyncedView>("EditView", ViewEdit.Of(View(change), ViewField.Image));
        }
    }

    private static SharedView View(int image) => new()
    {
        DatasetId = "fashion-mnist", Image = new ViewImage(DatasetSplit.Test, image), Models = ["bench-model"], Methods = [ExplanationMethods.Occlusion],
    };

    private static async Task<HubConnection> ConnectAsync(Uri hub)
    {
        var connection = new HubConnectionBuilder().WithUrl(hub).Build();
        await connection.StartAsync();
        return connection;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double Round(double value) => Math.Round(value, 1);
}
