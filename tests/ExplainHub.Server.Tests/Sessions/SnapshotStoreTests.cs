using System.Text;
using ExplainHub.Server.Compare;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Sessions.Snapshots;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Sessions;

/// <summary>Snapshots of a real Compare grid (fake engine), kept in a real SQLite file and folder, read back after a restart.</summary>
public sealed class SnapshotStoreTests : IAsyncLifetime, IDisposable
{
    private readonly FakeEngine _engine = new();
    private readonly ExplanationCache _cache;
    private readonly TestViewHost _host = new();
    private SessionTestBed _bed = null!;
    private CompareViewState _compare = null!;

    public SnapshotStoreTests()
    {
        _cache = new ExplanationCache(_engine);
        _engine.AddNetworkAndSvm();
    }

    public async Task InitializeAsync()
    {
        _bed = await SessionTestBed.CreateAsync();
        _compare = new CompareViewState(_engine, _cache, _host);
        await _compare.InitializeAsync();
        await _compare.SelectImageAsync(DatasetSplit.Test, 3);
        _compare.SetStyle("inferno", 0.4);
    }

    [Fact]
    public async Task ASnapshot_IsReadBackAfterARestart_ExactlyAsItWasTaken_AndOnlyItsTokensHashIsKept()
    {
        var content = Assert.IsType<CompareSnapshot>(_compare.ToSnapshot());
        var taken = await _bed.NewSnapshotStore().TakeAsync(content, "  Collars ", "Ada");

        _bed.Restart();
        var opened = await _bed.NewSnapshotStore().OpenAsync(taken.Token);

        Assert.Equal(("Collars", "Ada", null), (opened.Info.Title, opened.Info.TakenBy, opened.Info.SessionId));
        var back = opened.Content;
        Assert.Equal("test image 3", back.ImageDescription);
        Assert.Equal(content.Picture.Pixels, back.Picture.Pixels);
        Assert.Equal(new HeatmapStyle("inferno", 0.4), back.Style);
        Assert.Equal([("net", "sha256:net-v1"), ("svm", "sha256:svm-v1")], back.Models.Select(m => (m.Id, m.WeightsHash)));
        Assert.Equal(["CAM", "Occlusion"], back.Columns.Select(c => c.Title));
        Assert.Equal(content.Tiles.Select(t => (t.ModelId, t.Method, t.Status, t.Message)), back.Tiles.Select(t => (t.ModelId, t.Method, t.Status, t.Message)));
        foreach (var (was, now) in content.Tiles.Zip(back.Tiles).Where(p => p.First.Map is not null))
        {
            Assert.Equal(was.Map!.Heatmap, now.Map!.Heatmap);
            Assert.Equal(was.Map.RawMap, now.Map.RawMap);
            Assert.Equal((was.Map.Index, was.Map.PredictedClass, was.Map.Probability), (now.Map.Index, now.Map.PredictedClass, now.Map.Probability));
        }

        Assert.Equal(content.Agreement!.Spearman, back.Agreement!.Spearman);
        Assert.Equal(content.Agreement.Labels, back.Agreement.Labels);

        var files = Directory.GetFiles(Path.Combine(_bed.Folder, "sessions", "snapshots"));
        Assert.Equal([opened.Info.Id.ToString("N") + ".json.gz"], files.Select(Path.GetFileName));
        Assert.False(await _bed.StoresAsync(Encoding.UTF8.GetBytes(taken.Token)));
        Assert.True(await _bed.StoresAsync(ShareToken.Hash(taken.Token)));
    }

    [Fact]
    public async Task ALinkThatIsMalformedUnknownOrWhoseContentWasChanged_OpensNothing()
    {
        var store = _bed.NewSnapshotStore();
        var taken = await store.TakeAsync(_compare.ToSnapshot()!, "s", "Ada");

        var malformed = await Assert.ThrowsAsync<SessionRefusedException>(() => store.OpenAsync("../../etc/passwd"));
        Assert.Contains("does not open a snapshot", malformed.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SessionRefusedException>(() => store.OpenAsync(ShareToken.New()));

        var file = Directory.GetFiles(Path.Combine(_bed.Folder, "sessions", "snapshots")).Single();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^5] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes);
        var changed = await Assert.ThrowsAsync<SessionRefusedException>(() => store.OpenAsync(taken.Token));
        Assert.Contains("changed on the server", changed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InASession_AnEditorKeepsASnapshot_AReaderIsRefused_AndAnEmptyGridIsNotKept()
    {
        var started = await _bed.Sessions.StartAsync("Friday", _compare.ToSharedView());
        var ada = await _bed.Sessions.JoinAsync(started.EditToken, "Ada");
        var bob = await _bed.Sessions.JoinAsync(started.ReadToken, "Bob");
        var store = _bed.NewSnapshotStore();
        var content = _compare.ToSnapshot()!;

        var taken = await store.TakeAsync(ada.Me.Id, content, "Friday: test image 3");
        var refused = await Assert.ThrowsAsync<SessionRefusedException>(() => store.TakeAsync(bob.Me.Id, content, "mine"));
        var empty = await Assert.ThrowsAsync<SessionRefusedException>(() => store.TakeAsync(ada.Me.Id, content with { Tiles = [] }, "empty"));

        Assert.Equal((started.SessionId, "Ada"), (taken.Info.SessionId, taken.Info.TakenBy));
        Assert.Contains("read-only", refused.Message, StringComparison.Ordinal);
        Assert.Contains("wait for the grid", empty.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_bed.Folder, "sessions", "snapshots")));
    }

    [Fact]
    public async Task ASnapshotLargerThanTheLimit_IsRefused_AndNothingIsKept()
    {
        var store = _bed.NewSnapshotStore(o => o.MaxSnapshotBytes = 1000);

        var refused = await Assert.ThrowsAsync<SessionRefusedException>(() => store.TakeAsync(_compare.ToSnapshot()!, "s", "Ada"));

        Assert.Contains("are kept. Show fewer models or functions", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_bed.Folder, "sessions", "snapshots")) && Directory.EnumerateFiles(Path.Combine(_bed.Folder, "sessions", "snapshots")).Any());
    }

    [Fact]
    public async Task AModelsStanding_SaysWhetherTheSameWeightsAreStillThere()
    {
        var content = _compare.ToSnapshot()!;
        _engine.ChangeWeights("svm");
        var now = await _engine.ListModelsAsync();

        Assert.Equal(ModelStanding.SameWeights, ModelStandings.Of(content, now)["net"]);
        Assert.Equal(ModelStanding.WeightsChanged, ModelStandings.Of(content, now)["svm"]);
        _engine.RemoveModel("net");
        Assert.Equal(ModelStanding.Gone, ModelStandings.Of(content, await _engine.ListModelsAsync())["net"]);
        Assert.Equal(ModelStanding.Unknown, ModelStandings.Of(content, null)["net"]);
    }

    [Fact]
    public async Task APageWithNoGridYet_HasNoSnapshot()
    {
        await using var blank = new CompareViewState(_engine, _cache, _host);

        Assert.Null(blank.ToSnapshot());
    }

    public async Task DisposeAsync()
    {
        await _compare.DisposeAsync();
        await _bed.DisposeAsync();
    }

    public void Dispose()
    {
        _cache.Dispose();
        _host.Dispose();
    }
}
