using ExplainHub.Engine.Native;
using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Import;

/// <summary>Imports through the engine: cached whole, listed and loaded by a later engine, trainable; bad requests refused.</summary>
[Collection(NativeCollection.Name)]
public sealed class EngineImportTests : IDisposable
{
    private readonly EngineFixture fixture = new();
    private readonly TempDirectory sources = new();

    public void Dispose()
    {
        fixture.Dispose();
        sources.Dispose();
    }

    [Fact]
    public async Task AnImageFolder_IsCached_ListedByALaterEngine_AndTrainable()
    {
        var root = Path.Combine(sources.Path, "Bars 2");
        WriteBars(Path.Combine(root, "horizontal"), horizontal: true);
        WriteBars(Path.Combine(root, "vertical"), horizontal: false);

        var info = await fixture.Engine.ImportDatasetAsync(new DatasetImportRequest(DatasetFormats.ImageFolder, root, Size: 16, Grey: true));

        Assert.Equal("bars-2", info.Id);
        Assert.Equal((1, 16, 16), (info.Channels, info.Height, info.Width));
        Assert.Empty(Directory.GetFiles(Path.Combine(fixture.DataDirectory, "datasets"), "*.tmp"));

        using var later = new EmbeddedEngine(new EngineOptions { DataDirectory = fixture.DataDirectory });
        Assert.Contains(await later.ListDatasetsAsync(), d => d.Id == "bars-2" && d.TrainCount == info.TrainCount);
        var job = await later.TrainAsync(new TrainRequest("bars-2", ModelKinds.LinearSvm));
        Assert.True(job.State == JobState.Completed, $"{job.State}: {job.Error}");
        var model = (await later.ListModelsAsync()).Single(m => m.Id == job.ModelId);
        Assert.True(model.TestAccuracy >= 0.9, $"bars are linearly separable; test accuracy {model.TestAccuracy:P1}");
    }

    [Fact]
    public async Task AnUnknownFormat_ABadId_AndAMissingPath_AreRefusedAndWriteNothing()
    {
        var format = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ImportDatasetAsync(new DatasetImportRequest("mnist-idx", sources.Path)));
        Assert.Contains("Known: fer2013, cifar10, stl10, image-folder", format.Message, StringComparison.Ordinal);

        var id = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ImportDatasetAsync(
            new DatasetImportRequest(DatasetFormats.Cifar10, sources.Path, Id: "My Set")));
        Assert.Contains("lower-case letters, digits and dashes", id.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ImportDatasetAsync(
            new DatasetImportRequest(DatasetFormats.Fer2013, Path.Combine(sources.Path, "nope.csv"))));
        Assert.Equal(EngineErrorKind.InvalidRequest, missing.Kind);
        Assert.Contains("nope.csv", missing.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(fixture.DataDirectory, "datasets"))
            && Directory.GetFiles(Path.Combine(fixture.DataDirectory, "datasets")).Length > 0);
    }

    [Fact]
    public async Task ImportingUnderAnIdThatExists_IsRefused_KeepingTheDataSet_UnlessReplacingIsAsked()
    {
        var root = Path.Combine(sources.Path, "bars");
        WriteBars(Path.Combine(root, "horizontal"), horizontal: true);
        WriteBars(Path.Combine(root, "vertical"), horizontal: false);
        var first = await fixture.Engine.ImportDatasetAsync(new DatasetImportRequest(DatasetFormats.ImageFolder, root, Size: 16, Grey: true));

        var again = new DatasetImportRequest(DatasetFormats.ImageFolder, root, Size: 12, Grey: true);
        var refused = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ImportDatasetAsync(again));
        Assert.Equal(EngineErrorKind.InvalidRequest, refused.Kind);
        Assert.Contains("'bars' is already imported", refused.Message, StringComparison.Ordinal);
        using (var later = new EmbeddedEngine(new EngineOptions { DataDirectory = fixture.DataDirectory }))
        {
            Assert.Equal(16, (await later.ListDatasetsAsync()).Single(d => d.Id == first.Id).Height);
            await Assert.ThrowsAsync<EngineException>(() => later.ImportDatasetAsync(again));
        }

        var replaced = await fixture.Engine.ImportDatasetAsync(again with { Replace = true });
        Assert.Equal(("bars", 12), (replaced.Id, replaced.Height));
        Assert.Equal(12, (await fixture.Engine.ListDatasetsAsync()).Single(d => d.Id == "bars").Height);
    }

    [Fact]
    public void ASecondImportOfAnId_WhileTheFirstRuns_IsRefused_EvenWhenReplacing()
    {
        var root = Path.Combine(sources.Path, "bars 3");
        WriteBars(Path.Combine(root, "horizontal"), horizontal: true);
        WriteBars(Path.Combine(root, "vertical"), horizontal: false);
        var request = new DatasetImportRequest(DatasetFormats.ImageFolder, root, Size: 16, Grey: true, Replace: true);
        var catalog = fixture.Engine.Datasets;
        string? whileRunning = null, atStart = null;

        // The first import's progress runs while it holds the id: the second comes then.
        catalog.Import(request, _ =>
        {
            whileRunning ??= Assert.Throws<EngineException>(() => catalog.Import(request with { Size = 12 }, _ => { }, CancellationToken.None)).Message;
            atStart ??= Assert.Throws<EngineException>(() => catalog.Check(request)).Message;
        }, CancellationToken.None);

        Assert.Contains("'bars-3' is being imported right now", whileRunning, StringComparison.Ordinal);
        Assert.Contains("'bars-3' is being imported right now", atStart, StringComparison.Ordinal);
        Assert.Equal(16, catalog.Get("bars-3").Info.Height);
        Assert.Equal(12, catalog.Import(request with { Size = 12 }, _ => { }, CancellationToken.None).Height);
    }

    private static void WriteBars(string directory, bool horizontal)
    {
        Directory.CreateDirectory(directory);
        for (var i = 0; i < 15; i++)
        {
            var pixels = new byte[16 * 16];
            var at = 2 + (i % 12);
            for (var k = 0; k < 16; k++)
            {
                pixels[horizontal ? (at * 16) + k : (k * 16) + at] = 255;
            }

            File.WriteAllBytes(Path.Combine(directory, $"{i:D2}.png"), ImageCodec.Encode(pixels, 16, 16, 1));
        }
    }
}
