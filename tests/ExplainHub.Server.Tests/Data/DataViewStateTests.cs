using System.Text;
using ExplainHub.Server.Data;
using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests.Data;

public sealed class DataViewStateTests : IDisposable
{
    private readonly FakeEngine _engine = new();
    private readonly TestViewHost _host = new();
    private readonly string _root = Directory.CreateTempSubdirectory("explainhub-data-test-").FullName;

    [Fact]
    public async Task TheGrid_PagesThroughASplit_WithEachImagesTrueClass()
    {
        var state = await OpenAsync();

        Assert.Equal("fashion-mnist", state.Dataset!.Id);
        Assert.Equal(DataViewState.PageSize, state.Tiles.Count);
        Assert.Equal(Enumerable.Range(0, 48), state.Tiles.Select(t => t.Index));
        Assert.Equal(7, state.Tiles[17].Label); // the fake labels image i with class i mod 10
        await state.NextPageAsync();
        Assert.Equal(48, state.Tiles[0].Index);
        Assert.True(state.HasPrevious);
        await state.PreviousPageAsync();
        Assert.Equal(0, state.Tiles[0].Index);
    }

    [Fact]
    public async Task OneClass_ShowsOnlyItsImages_FoundAcrossTheSplit()
    {
        var state = await OpenAsync();

        await state.SelectClassAsync(3);

        Assert.Equal(DataViewState.PageSize, state.Tiles.Count);
        Assert.All(state.Tiles, t => Assert.Equal(3, t.Label));
        Assert.Equal(3 + (47 * 10), state.Tiles[^1].Index);
        await state.NextPageAsync();
        Assert.Equal(3 + (48 * 10), state.Tiles[0].Index);
    }

    [Fact]
    public async Task AnUploadedZip_IsImportedAsAJob_ThenShown_AndItsStagedFileIsGone()
    {
        var state = await OpenAsync();
        state.ImportSize = 32;
        state.ImportGrey = true;

        await state.ImportAsync([Zip("My Shoes.zip")]);

        var (request, existed) = Assert.Single(_engine.ImportRequests);
        Assert.True(existed);
        Assert.Equal((DatasetFormats.ImageFolder, "my-shoes", 32, true), (request.Format, request.Id, request.Size, request.Grey));
        Assert.True(state.IsImporting);

        var shoes = new DatasetInfo("my-shoes", "My shoes", 1, 32, 32, ["boot", "sandal"], 80, 20);
        _engine.ImportedDatasets.Add(shoes);
        _engine.Jobs.Single().Finish(JobState.Completed, datasetId: "my-shoes");
        await Eventually.True(() => state.Message is not null, "the import's end to show");
        Assert.Equal("my-shoes", state.Dataset?.Id);

        Assert.False(state.IsImporting);
        Assert.StartsWith("Imported 'My shoes'", state.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(request.Path));
        Assert.Empty(Directory.GetDirectories(_root));
    }

    [Fact]
    public async Task AnUploadWhosePageWasLeftDuringTheImport_IsDeletedWhenTheImportEnds_NotBefore()
    {
        var state = await OpenAsync();
        await state.ImportAsync([Zip("shoes.zip")]);
        var staged = _engine.ImportRequests[^1].Request.Path;

        await state.DisposeAsync();

        Assert.True(File.Exists(staged), "the engine still reads it");
        _engine.Jobs.Single().Finish(JobState.Completed, datasetId: "shoes");
        await Eventually.True(() => Directory.GetDirectories(_root).Length == 0, "the staged folder to go");
    }

    [Fact]
    public async Task AFailedOrCancelledImport_SaysSo_AndKeepsNothing()
    {
        var state = await OpenAsync();

        await state.ImportAsync([Zip("broken.zip")]);
        var staged = _engine.ImportRequests[^1].Request.Path;
        _engine.Jobs.Single().Finish(JobState.Failed, error: $"{staged}: not a zip file (offset 0)");
        await Eventually.True(() => state.ImportError is not null, "the failure to show");
        Assert.Equal("The import failed: images.zip: not a zip file (offset 0)", state.ImportError); // no server folder shown

        await state.ImportAsync([Zip("other.zip")]);
        await state.CancelImportAsync();
        await Eventually.True(() => state.Message is not null, "the cancellation to show");
        Assert.Equal("The import was cancelled; nothing was kept.", state.Message);
        Assert.Empty(Directory.GetDirectories(_root));
    }

    [Fact]
    public async Task WhileAnUploadIsOnItsWay_ASecondIsRefused_AndCancelStopsTheUpload_KeepingNothing()
    {
        var state = await OpenAsync();
        var slow = ("big.zip", 1L << 20, (Func<Stream>)(() => new StalledStream()));

        var first = state.ImportAsync([slow]);
        await Eventually.True(() => Directory.GetDirectories(_root).Length == 1, "the upload to start");
        Assert.True(state.IsImporting);
        await state.ImportAsync([Zip("second.zip")]);
        Assert.Equal("An import is under way: wait for it to end, or cancel it.", state.ImportError);

        await state.CancelImportAsync();
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("The upload was cancelled; nothing was kept.", state.Message);
        Assert.False(state.IsImporting);
        Assert.Empty(_engine.ImportRequests);
        Assert.Empty(Directory.GetDirectories(_root));
    }

    [Fact]
    public async Task LeavingThePage_WhileAnUploadIsOnItsWay_StopsIt_AndKeepsNothing()
    {
        var state = await OpenAsync();
        var uploading = state.ImportAsync([("big.zip", 1L << 20, () => new StalledStream())]);
        await Eventually.True(() => Directory.GetDirectories(_root).Length == 1, "the upload to start");

        await state.DisposeAsync();
        await uploading.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(_engine.ImportRequests);
        Assert.Empty(Directory.GetDirectories(_root));
    }

    [Fact]
    public async Task WithARemoteEngine_AnUploadIsRefused_WithWhatToDoInstead()
    {
        var state = new DataViewState(_engine, new ImportStaging(_root), engineReadsOurFiles: false, _host);
        await state.InitializeAsync();

        await state.ImportAsync([Zip("shoes.zip")]);

        Assert.StartsWith("This app uses a remote engine", state.ImportError, StringComparison.Ordinal);
        Assert.Empty(_engine.ImportRequests);
    }

    private async Task<DataViewState> OpenAsync()
    {
        var state = new DataViewState(_engine, new ImportStaging(_root), engineReadsOurFiles: true, _host);
        await state.InitializeAsync();
        return state;
    }

    private static (string Name, long Size, Func<Stream> Open) Zip(string name) => (name, 4, () => new MemoryStream(Encoding.ASCII.GetBytes("PK..")));

    /// <summary>A browser upload that has not sent its next bytes yet.</summary>
    private sealed class StalledStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
