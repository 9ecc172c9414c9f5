using System.Text;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Import;

/// <summary>Imports as jobs: rising progress and the data set's id at the end; cancelled or malformed imports keep nothing.</summary>
[Collection(NativeCollection.Name)]
public sealed class ImportJobTests : IDisposable
{
    private readonly EngineFixture fixture = new();
    private readonly TempDirectory sources = new();

    public void Dispose()
    {
        fixture.Dispose();
        sources.Dispose();
    }

    private string CacheFolder => Path.Combine(fixture.DataDirectory, "datasets");

    [Fact]
    public async Task AnImportJob_ReportsRisingProgress_AndNamesItsDataSetAtTheEnd()
    {
        var path = WriteFer(rows: 1500);

        var job = await fixture.Engine.StartImportAsync(new DatasetImportRequest(DatasetFormats.Fer2013, path, Id: "faces"));
        var reports = await WatchAsync(job.Id);

        Assert.Equal(JobKind.Import, job.Kind);
        Assert.Null(job.Request);
        var read = reports.Where(r => r.Phase == TrainingPhase.Batch).Select(r => r.Batch).ToList();
        Assert.True(read.Count >= 10, $"only {read.Count} progress reports for 1500 rows");
        Assert.Equal(read.Order(), read);
        Assert.Equal(1000, read[^1]);
        var done = await fixture.Engine.GetJobAsync(job.Id);
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}");
        Assert.Equal("faces", done.DatasetId);
        Assert.Null(done.ModelId);
        var info = Assert.Single(await fixture.Engine.ListDatasetsAsync(), d => d.Id == "faces");
        Assert.Equal((1000, 250, 250), (info.TrainCount, info.ValidationCount, info.TestCount));
    }

    [Fact]
    public async Task AnImportJob_CancelledWhileReading_KeepsNoDataSet()
    {
        var path = WriteFer(rows: 6000);

        var job = await fixture.Engine.StartImportAsync(new DatasetImportRequest(DatasetFormats.Fer2013, path, Id: "cancelled"));
        await foreach (var report in fixture.Engine.WatchJobAsync(job.Id))
        {
            if (report.Phase == TrainingPhase.Batch && report.Batch > 0)
            {
                await fixture.Engine.CancelJobAsync(job.Id);
                break;
            }
        }

        await WatchAsync(job.Id);
        var done = await fixture.Engine.GetJobAsync(job.Id);
        Assert.Equal(JobState.Cancelled, done.State);
        Assert.Null(done.DatasetId);
        Assert.DoesNotContain(await fixture.Engine.ListDatasetsAsync(), d => d.Id == "cancelled");
        Assert.False(Directory.Exists(CacheFolder) && Directory.EnumerateFiles(CacheFolder).Any());
    }

    [Fact]
    public async Task AnImportJob_OfAMalformedFile_FailsNamingTheLine_AndWritesNothing()
    {
        var path = WriteFer(rows: 30);
        var lines = File.ReadAllLines(path);
        lines[7] = "3,1 2 3,Training";
        File.WriteAllLines(path, lines);

        var job = await fixture.Engine.StartImportAsync(new DatasetImportRequest(DatasetFormats.Fer2013, path));
        await WatchAsync(job.Id);

        var done = await fixture.Engine.GetJobAsync(job.Id);
        Assert.Equal(JobState.Failed, done.State);
        Assert.Contains("line 8: 3 pixel values, expected 2304", done.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(CacheFolder) && Directory.EnumerateFiles(CacheFolder).Any());
    }

    [Fact]
    public async Task StartingAnImport_OfAPathThatIsNotThere_IsRefusedAtOnce()
    {
        var missing = Path.Combine(sources.Path, "nope.csv");

        var error = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.StartImportAsync(new DatasetImportRequest(DatasetFormats.Fer2013, missing)));

        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("nope.csv", error.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.Engine.ListJobsAsync());
    }

    private async Task<List<TrainingProgress>> WatchAsync(string jobId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var reports = new List<TrainingProgress>();
        await foreach (var report in fixture.Engine.WatchJobAsync(jobId, timeout.Token))
        {
            reports.Add(report);
        }

        return reports;
    }

    /// <summary>A FER2013 CSV: of every 6 rows 4 training, 1 public test, 1 private test.</summary>
    private string WriteFer(int rows)
    {
        var pixels = string.Join(' ', Enumerable.Range(0, 48 * 48).Select(p => p % 256));
        var text = new StringBuilder("emotion,pixels,Usage\n");
        for (var r = 0; r < rows; r++)
        {
            var usage = (r % 6) switch { 4 => "PublicTest", 5 => "PrivateTest", _ => "Training" };
            text.Append(r % 7).Append(',').Append(pixels).Append(',').Append(usage).Append('\n');
        }

        var path = Path.Combine(sources.Path, $"fer-{rows}.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
