using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ExplainHub.Client.Remote;
using ExplainHub.Client.Tests.Fakes;
using ExplainHub.Shared;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace ExplainHub.Client.Tests.Remote;

/// <summary>
/// RemoteEngine against a real hub on loopback, serving a fake engine: the wire itself (transport, JSON, streams,
/// error translation, disconnects), with no native code involved.
/// </summary>
public sealed class RemoteEngineTests : IAsyncLifetime
{
    private readonly FakeEngine _engine = new();
    private LoopbackEngineHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await LoopbackEngineHost.StartAsync(services => services.AddSingleton<IEngine>(_engine));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Calls_ReturnTheEnginesRecords()
    {
        _engine.Datasets.Add(new DatasetInfo("tiny", "Tiny", 1, 28, 28, ["a", "b"], 10, 4));
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

        var datasets = await remote.ListDatasetsAsync();
        var info = await remote.GetInfoAsync();

        Assert.Equal(new Uri($"http://127.0.0.1:{_host.Url.Port}/engine"), remote.Url);
        var tiny = Assert.Single(datasets);
        Assert.Equal(("tiny", 1, 28, 28, 10, 4), (tiny.Id, tiny.Channels, tiny.Height, tiny.Width, tiny.TrainCount, tiny.TestCount));
        Assert.Equal(["a", "b"], tiny.ClassNames);
        Assert.Equal(_engine.Info.ExplanationMethods, info.ExplanationMethods);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task EveryTransport_CarriesCallsStreamsAndTheAccessToken(HttpTransportType transport)
    {
        // A keyed host admits each transport only with the key in its Authorization header (the query is not read).
        _engine.Models.Add(TestImages.Model("m-any"));
        await using var keyed = await LoopbackEngineHost.StartAsync(services => services.AddSingleton<IEngine>(_engine), engineKey: "engine-key-1");
        var options = new RemoteEngineOptions { Transports = transport, AccessTokenProvider = () => Task.FromResult<string?>("engine-key-1") };
        await using var remote = await RemoteEngine.ConnectAsync(keyed.Url, options);

        Assert.Equal(EngineConnectionState.Connected, remote.State);
        Assert.Equal("m-any", Assert.Single(await remote.ListModelsAsync()).Id);
        Assert.Contains("engine-key-1", keyed.AccessTokens);
    }

    [Fact]
    public async Task ASlowCall_DoesNotHoldUpTheOthersOnTheSameConnection()
    {
        // The web app's one connection carries every user's calls: one user's long explanation must not queue the
        // rest (SignalR runs one call per client at a time unless told otherwise).
        var slow = new TaskCompletionSource<EngineInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        _engine.OnGetInfo = _ => slow.Task;
        _engine.Models.Add(TestImages.Model("m-any"));
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

        var pending = remote.GetInfoAsync();
        var models = await remote.ListModelsAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("m-any", Assert.Single(models).Id);
        Assert.False(pending.IsCompleted);
        slow.SetResult(_engine.Info);
        await pending.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task AWebPage_CannotReachAKeylessHubOnLoopback_WhileTheDotNetClientCan()
    {
        using var http = new HttpClient { BaseAddress = _host.Url };
        var negotiate = new Uri(_host.Url, "engine/negotiate?negotiateVersion=1");

        // What a browser sends when a page of any site opens the hub (a WebSocket handshake carries Origin too).
        using var fromPage = new HttpRequestMessage(HttpMethod.Post, negotiate) { Headers = { { "Origin", "https://evil.example" } } };
        using var refused = await http.SendAsync(fromPage);
        using var plain = await http.PostAsync(negotiate, null);
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Empty(await remote.ListDatasetsAsync());
    }

    [Fact]
    public async Task AnEngineWithAKey_RefusesConnectionsWithoutIt_AndAdmitsThoseWithIt()
    {
        await using var keyed = await LoopbackEngineHost.StartAsync(services => services.AddSingleton<IEngine>(_engine), engineKey: "s3cret-engine-key");

        var none = await Assert.ThrowsAsync<EngineException>(() => RemoteEngine.ConnectAsync(keyed.Url));
        var wrong = await Assert.ThrowsAsync<EngineException>(() => RemoteEngine.ConnectAsync(keyed.Url, RemoteEngineOptions.WithKey("s3cret-engine-kez")));
        await using var right = await RemoteEngine.ConnectAsync(keyed.Url, RemoteEngineOptions.WithKey("s3cret-engine-key"));

        Assert.Equal(EngineErrorKind.Unavailable, none.Kind);
        Assert.Contains("401", none.Message, StringComparison.Ordinal);
        Assert.Contains("401", wrong.Message, StringComparison.Ordinal);
        Assert.All(new[] { none, wrong }, e => Assert.Contains("EXPLAINHUB_ENGINE_KEY", e.Message, StringComparison.Ordinal));
        Assert.DoesNotContain("Is the engine host running", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(_engine.Info.TorchVersion, (await right.GetInfoAsync()).TorchVersion);
    }

    [Fact]
    public async Task AKeyInTheQuery_IsRefused_TheAuthorizationHeaderAdmitted()
    {
        const string key = "s3cret-engine-key";
        await using var keyed = await LoopbackEngineHost.StartAsync(services => services.AddSingleton<IEngine>(_engine), engineKey: key);
        using var http = new HttpClient();
        var negotiate = new Uri(keyed.Url, "engine/negotiate?negotiateVersion=1");

        using var inQuery = await http.PostAsync(new Uri(keyed.Url, $"engine/negotiate?negotiateVersion=1&access_token={key}"), null);
        using var withHeader = new HttpRequestMessage(HttpMethod.Post, negotiate) { Headers = { Authorization = new("Bearer", key) } };
        using var admitted = await http.SendAsync(withHeader);

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task AConnectionTheHostCloses_IsShownDisconnected_AndTheNextCallSaysUnavailable()
    {
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);
        var states = new System.Collections.Concurrent.ConcurrentQueue<EngineConnectionState>();
        remote.StateChanged += states.Enqueue;

        await _host.StopAsync();
        var error = await Assert.ThrowsAsync<EngineException>(() => remote.GetInfoAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(EngineErrorKind.Unavailable, error.Kind);
        Assert.NotEqual(EngineConnectionState.Connected, remote.State);
        Assert.Contains(states, s => s is EngineConnectionState.Disconnected or EngineConnectionState.Reconnecting);
    }

    [Fact]
    public async Task AHostThatGoesAwayAndComesBack_IsUsedAgain_WithoutANewClient()
    {
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);
        var url = _host.Url;
        await _host.StopAsync();
        await _host.DisposeAsync();
        var away = await Assert.ThrowsAsync<EngineException>(() => remote.GetInfoAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(EngineErrorKind.Unavailable, away.Kind);

        _host = await LoopbackEngineHost.StartAsync(services => services.AddSingleton<IEngine>(_engine), url: url);

        // The same client finds it again, by reconnecting on its own or on the next call, whichever comes first.
        EngineInfo? info = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (info is null && DateTime.UtcNow < deadline)
        {
            try
            {
                info = await remote.GetInfoAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (EngineException e) when (e.Kind == EngineErrorKind.Unavailable)
            {
                await Task.Delay(250);
            }
        }

        Assert.Equal(_engine.Info.TorchVersion, info?.TorchVersion);
        Assert.Equal(EngineConnectionState.Connected, remote.State);
    }

    [Fact]
    public async Task EngineErrors_CrossTheWire_WithTheirKindAndMessage()
    {
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

        var error = await Assert.ThrowsAsync<EngineException>(() => remote.GetJobAsync("j-404"));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Equal("No job 'j-404'.", error.Message);
    }

    [Fact]
    public async Task UnexpectedErrors_CrossTheWire_AsASanitisedNativeError()
    {
        _engine.OnGetInfo = _ => throw new InvalidOperationException("secret path /srv/models and a stack");
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

        var error = await Assert.ThrowsAsync<EngineException>(() => remote.GetInfoAsync());

        Assert.Equal(EngineErrorKind.Native, error.Kind);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("internal engine error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchJob_StreamsEveryReport_IncludingNonFiniteNumbers()
    {
        _engine.Progress.AddRange(Enumerable.Range(1, 5).Select(b =>
            new TrainingProgress("job-1", TrainingPhase.Batch, 1, 1, b, 5, double.NaN, 0.5, null, 10, double.PositiveInfinity, JobState.Running)));
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

        var job = await remote.StartTrainingAsync(new TrainRequest("tiny", Epochs: 1));
        var received = new List<TrainingProgress>();
        await foreach (var progress in remote.WatchJobAsync(job.Id))
        {
            received.Add(progress);
        }

        Assert.Equal([1, 2, 3, 4, 5], received.Select(p => p.Batch));
        Assert.All(received, p => Assert.True(double.IsNaN(p.Loss) && double.IsPositiveInfinity(p.EtaSeconds)));
        Assert.Equal(new TrainRequest("tiny", Epochs: 1), job.Request);
    }

    [Fact]
    public async Task WatchJob_ThrowsTheEngineError_ThatEndsTheStream()
    {
        _engine.Progress.Add(new TrainingProgress("job-1", TrainingPhase.Batch, 1, 1, 1, 5, 1, 0.5, null, 10, 1, JobState.Running));
        _engine.WatchError = new EngineException(EngineErrorKind.Native, "CUDA out of memory.");
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);
        var job = await remote.StartTrainingAsync(new TrainRequest("tiny"));

        var received = 0;
        var error = await Assert.ThrowsAsync<EngineException>(async () =>
        {
            await foreach (var _ in remote.WatchJobAsync(job.Id))
            {
                received++;
            }
        });

        Assert.Equal(1, received);
        Assert.Equal((EngineErrorKind.Native, "CUDA out of memory."), (error.Kind, error.Message));
    }

    [Fact]
    public async Task LargeMessages_CrossBothWays()
    {
        // 200,000 indices out (about 1 MB of JSON, far over SignalR's 32 KB default) and 5 MB of pixels back.
        const int count = 200_000;
        _engine.OnGetImages = r => new ImageBatch(r.Indices.Count, 1, 5, 5, new byte[r.Indices.Count * 25], new int[r.Indices.Count], r.Indices);
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

        var batch = await remote.GetImagesAsync(new ImagesRequest("tiny", DatasetSplit.Train, Enumerable.Range(0, count).ToArray()));

        Assert.Equal(count * 25, batch.Pixels.Length);
        Assert.Equal(count - 1, batch.Indices[^1]);
    }

    [Fact]
    public async Task CallerCancellation_IsAnOperationCanceledException()
    {
        _engine.OnGetInfo = ct => Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => _engine.Info, TaskScheduler.Default);
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => remote.GetInfoAsync(cancellation.Token));
    }

    [Fact]
    public async Task HostGoingAway_DuringACall_IsUnavailable_NotAHang()
    {
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _engine.OnGetInfo = async _ =>
        {
            called.SetResult();
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
            return _engine.Info;
        };
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);
        var call = remote.GetInfoAsync();
        await called.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var stop = _host.StopAsync();
        var error = await Assert.ThrowsAsync<EngineException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        await stop;

        Assert.Equal(EngineErrorKind.Unavailable, error.Kind);
        Assert.StartsWith("Lost the engine at http://127.0.0.1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connecting_WhereNothingListens_IsUnavailable_WithinSeconds()
    {
        var port = FreePort();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<EngineException>(() => RemoteEngine.ConnectAsync(new Uri($"http://127.0.0.1:{port}")));

        Assert.Equal(EngineErrorKind.Unavailable, error.Kind);
        Assert.StartsWith($"Cannot reach the engine at http://127.0.0.1:{port}/engine: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Is the engine host running?", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Connecting_ToAServerWithoutTheHub_IsUnavailable()
    {
        var error = await Assert.ThrowsAsync<EngineException>(
            () => RemoteEngine.ConnectAsync(new Uri(_host.Url, "/not-the-engine")));

        Assert.Equal(EngineErrorKind.Unavailable, error.Kind);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRemoteEngine_ConnectsOnFirstUse()
    {
        _engine.Models.Add(TestImages.Model("m-remote"));
        await using var provider = new ServiceCollection().AddRemoteEngine(_host.Url).BuildServiceProvider();

        var models = await provider.GetRequiredService<IEngine>().ListModelsAsync();

        Assert.Equal("m-remote", Assert.Single(models).Id);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
