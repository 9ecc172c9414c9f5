using System.Collections.Concurrent;
using ExplainHub.Client.Remote;
using ExplainHub.Client.Tests.Fakes;
using ExplainHub.Engine;
using ExplainHub.Engine.Data;
using ExplainHub.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ExplainHub.Client.Tests.Integration;

/// <summary>
/// The real engine (TorchSharp networks included) behind the real hub on loopback, used through RemoteEngine exactly as
/// the CLI and the Server use a remote engine host.
/// </summary>
public sealed class EmbeddedEngineOverHubTests : IAsyncLifetime
{
    private const string DatasetId = "bars";
    private const int Side = 16;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("explainhub-hub-").FullName;
    private LoopbackEngineHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LoopbackEngineHost.StartAsync(services => services.AddExplainEngine(options =>
        {
            options.DataDirectory = _dataDirectory;
            options.Threads = 1;
            options.HubFileRoots.Add(Path.Combine(_dataDirectory, "shared"));
        }));
        _host.Services.GetRequiredService<EmbeddedEngine>().RegisterDataset(Bars(train: 64, test: 16));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task PathsNamedOverTheHub_MustLieInsideTheEnginesHubFileRoots()
    {
        var outside = Directory.CreateTempSubdirectory("explainhub-outside-").FullName;
        try
        {
            await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

            var export = await Assert.ThrowsAsync<EngineException>(() => remote.ExportModelAsync(new ModelExportRequest("m-any", outside)));
            var escape = await Assert.ThrowsAsync<EngineException>(() => remote.StartImportAsync(
                new DatasetImportRequest(DatasetFormats.ImageFolder, Path.Combine(_dataDirectory, "shared", "..", "models"))));
            var import = await Assert.ThrowsAsync<EngineException>(() => remote.ImportModelAsync(new ModelImportRequest("/etc")));

            Assert.All([export, escape, import], e =>
            {
                Assert.Equal(EngineErrorKind.InvalidRequest, e.Kind);
                Assert.Contains("Engine:HubFileRoots", e.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(_dataDirectory, e.Message.Replace(Path.Combine(_dataDirectory, "shared", "..", "models"), "", StringComparison.Ordinal), StringComparison.Ordinal);
            });
            Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task AnImportJobOverTheWire_StreamsProgress_AndItsDataSetIsListed()
    {
        var csv = Path.Combine(Directory.CreateDirectory(Path.Combine(_dataDirectory, "shared")).FullName, "fer.csv");
        var pixels = string.Join(' ', Enumerable.Repeat("7", 48 * 48));
        File.WriteAllLines(csv, ["emotion,pixels,Usage", .. Enumerable.Range(0, 300).Select(r => $"{r % 7},{pixels},{(r % 3 == 0 ? "PrivateTest" : "Training")}")]);
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var job = await remote.StartImportAsync(new DatasetImportRequest(DatasetFormats.Fer2013, csv, Id: "faces"), timeout.Token);
        var received = new List<TrainingProgress>();
        await foreach (var report in remote.WatchJobAsync(job.Id, timeout.Token))
        {
            received.Add(report);
        }

        var done = await remote.GetJobAsync(job.Id, timeout.Token);
        Assert.Equal((JobKind.Import, JobState.Completed, "faces"), (done.Kind, done.State, done.DatasetId));
        Assert.Equal(DatasetFormats.Fer2013, done.Import!.Format);
        Assert.Contains(received, r => r.Phase == TrainingPhase.Batch && r.Batch == 1000 && r.BatchesPerEpoch == 1000);
        Assert.Contains(await remote.ListDatasetsAsync(timeout.Token), d => d.Id == "faces" && d.TrainCount == 200 && d.TestCount == 100);
    }

    [Fact]
    public async Task TrainingOverTheWire_StreamsProgress_AndTheModelCanThenBeExplained()
    {
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

        var datasets = await remote.ListDatasetsAsync();
        Assert.Contains(datasets, d => d.Id == DatasetId && d.TrainCount == 64 && d.TestCount == 16);

        var changes = new ConcurrentQueue<JobInfo>();
        remote.JobChanged += changes.Enqueue;
        var received = new List<TrainingProgress>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var job = await remote.TrainAsync(
            new TrainRequest(DatasetId, Epochs: 2, BatchSize: 16, Seed: 3),
            new SynchronousProgress<TrainingProgress>(received.Add),
            timeout.Token);

        Assert.Equal(JobState.Completed, job.State);
        Assert.True(received.Count >= 2, $"{received.Count} progress reports");
        Assert.All(received, p => Assert.Equal(job.Id, p.JobId));
        Assert.Contains(received, p => p.Phase == TrainingPhase.Epoch && p.Epoch == 2);
        Assert.Equal(TrainingPhase.Finished, received[^1].Phase);
        var modelId = Assert.IsType<string>(job.ModelId);

        // Pushed to every connected client; the push of the final state may trail the end of the stream.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!changes.Any(c => c.Id == job.Id && c.State == JobState.Completed) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(changes, c => c.Id == job.Id && c.State == JobState.Running);
        Assert.Contains(changes, c => c.Id == job.Id && c.State == JobState.Completed && c.ModelId == modelId);

        var model = Assert.Single(await remote.ListModelsAsync(), m => m.Id == modelId);
        Assert.Equal(DatasetId, model.DatasetId);

        var explained = await remote.ExplainAsync(new ExplainRequest(modelId, DatasetId, DatasetSplit.Test, [0, 1]));
        Assert.Equal(2, explained.Explanations.Count);
        Assert.All(explained.Explanations, e =>
        {
            Assert.Equal((Side, Side), (e.Height, e.Width));
            Assert.Equal(Side * Side, e.Heatmap.Length);
            Assert.All(e.Heatmap, h => Assert.InRange(h, 0f, 1f));
        });
    }

    [Fact]
    public async Task UnknownModel_IsNotFound_OverTheWire()
    {
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

        var error = await Assert.ThrowsAsync<EngineException>(
            () => remote.ExplainAsync(new ExplainRequest("m-does-not-exist", DatasetId, DatasetSplit.Test, [0])));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Contains("m-does-not-exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidRequest_IsInvalidRequest_OverTheWire()
    {
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);

        var error = await Assert.ThrowsAsync<EngineException>(
            () => remote.StartTrainingAsync(new TrainRequest(DatasetId, Epochs: 0)));

        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
    }

    /// <summary>Class 0: a bright horizontal bar; class 1: a bright vertical bar; at random places on faint noise.</summary>
    [Fact]
    public async Task ClassicalModelOverTheWire_TrainsAndComesBackWithItsReport()
    {
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var job = await remote.TrainAsync(
            new TrainRequest(DatasetId, ModelKinds.LinearSvm, Classical: new ClassicalOptions(C: 0.5)),
            new SynchronousProgress<TrainingProgress>(_ => { }),
            timeout.Token);
        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(0.5, job.Request!.Classical!.C);

        var report = await remote.ReportAsync(new ReportRequest(job.ModelId!, DatasetId), timeout.Token);
        Assert.Equal(16, report.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal(report.Classes.Count, report.ConfusionMatrix.Count);
        Assert.InRange(report.Accuracy, 0, 1);

        // Deleted over the wire it is gone for every caller; a second delete is NotFound, as for any unknown model.
        Assert.Equal(job.ModelId, (await remote.DeleteModelAsync(job.ModelId!, timeout.Token)).Id);
        Assert.DoesNotContain(await remote.ListModelsAsync(timeout.Token), m => m.Id == job.ModelId);
        var again = await Assert.ThrowsAsync<EngineException>(() => remote.DeleteModelAsync(job.ModelId!, timeout.Token));
        Assert.Equal(EngineErrorKind.NotFound, again.Kind);
    }

    [Fact]
    public async Task SweepOverTheWire_StreamsEveryPointInOrder()
    {
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var job = await remote.StartSweepAsync(
            new SweepRequest(new TrainRequest(DatasetId, ModelKinds.LinearSvm), SweepParameter.C, ["0.01", "1"]), timeout.Token);
        Assert.Equal(SweepParameter.C, job.Sweep!.Parameter);

        var points = new List<SweepPoint>();
        await foreach (var report in remote.WatchJobAsync(job.Id, timeout.Token))
        {
            if (report.Point is { } point)
            {
                points.Add(point);
            }
        }

        Assert.Equal(["0.01", "1"], points.Select(p => p.Value));
        Assert.Equal([0, 1], points.Select(p => p.Index));
        Assert.All(points, p => Assert.InRange(p.TestAccuracy, 0, 1));
        Assert.Equal(JobState.Completed, (await remote.GetJobAsync(job.Id, timeout.Token)).State);
    }

    [Fact]
    public async Task PerturbOverTheWire_TrainsACombinedModel_ReportsTable41_AndWritesTheSeedsFiguresForAnImage()
    {
        await using var remote = await RemoteEngine.ConnectAsync(_host.Url);
        var network = await remote.TrainAsync(new TrainRequest(DatasetId, Epochs: 1, BatchSize: 16));
        var output = Directory.CreateTempSubdirectory("explainhub-perturb-").FullName;
        try
        {
            var engine = _host.Url.ToString();
            var train = await Cli(["perturb", "train", "--classifier", network.ModelId!, "--fine-tune-epochs", "1", "--widths", "16,32",
                "--train-subset", "32", "--batch-size", "16", "--engine", engine]);
            Assert.True(train.Code == 0, train.Error);
            Assert.Contains("CLASSIFIER TEST", train.Out, StringComparison.Ordinal);
            Assert.Contains("train split only", train.Out, StringComparison.Ordinal);

            var report = await Cli(["perturb", "report", "--json", "--engine", engine]);
            using var rows = System.Text.Json.JsonDocument.Parse(report.Out);
            var row = Assert.Single(rows.RootElement.EnumerateArray());
            var combinedId = row.GetProperty("modelId").GetString()!;
            Assert.Equal(network.ModelId, row.GetProperty("table41").GetProperty("classifierModelId").GetString());
            Assert.False(row.GetProperty("table41").GetProperty("trainedOnTestImages").GetBoolean());
            Assert.Equal(32, row.GetProperty("table41").GetProperty("trainImages").GetInt32());

            var show = await Cli(["perturb", "show", "--model", combinedId, "--index", "3", "--out", output, "--json", "--engine", engine]);
            Assert.True(show.Code == 0, show.Error);
            using var result = System.Text.Json.JsonDocument.Parse(show.Out);
            var root = result.RootElement;
            foreach (var picture in new[] { root.GetProperty("input"), root.GetProperty("output"), root.GetProperty("difference"),
                root.GetProperty("classifier").GetProperty("gradCam"), root.GetProperty("combined").GetProperty("gradCam") })
            {
                var png = picture.GetString()!;
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png).Take(4));
                Assert.True(File.Exists(Path.ChangeExtension(png, ".npy")), png);
            }

            Assert.Equal(4, root.GetProperty("featureMaps").GetArrayLength()); // two layers, on the input and on the autoencoder's output
            var label = root.GetProperty("label").GetInt32();
            Assert.Equal(root.GetProperty("classifier").GetProperty("predictedClass").GetInt32() == label, root.GetProperty("classifier").GetProperty("correct").GetBoolean());
            Assert.Equal(root.GetProperty("combined").GetProperty("predictedClass").GetInt32() == label, root.GetProperty("combined").GetProperty("correct").GetBoolean());

            var notCombined = await Cli(["perturb", "show", "--model", network.ModelId!, "--out", output, "--engine", engine]);
            Assert.Equal(2, notCombined.Code);
            Assert.Contains("not a combined model", notCombined.Error, StringComparison.Ordinal);
            Assert.Equal(2, (await Cli(["perturb"])).Code);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<(int Code, string Out, string Error)> Cli(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new ExplainHub.Client.Cli.CliContext(output, error, ErrorIsTerminal: false, Directory.GetCurrentDirectory());
        var code = await new ExplainHub.Client.Cli.CliApp(context, new ExplainHub.Client.Cli.CliEngineFactory()).RunAsync(args, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private static InMemoryDataset Bars(int train, int test)
    {
        var random = new Random(7);
        (byte[] Pixels, int[] Labels) Make(int count)
        {
            var pixels = new byte[count * Side * Side];
            var labels = new int[count];
            for (var i = 0; i < count; i++)
            {
                var image = pixels.AsSpan(i * Side * Side, Side * Side);
                for (var p = 0; p < image.Length; p++)
                {
                    image[p] = (byte)random.Next(0, 40);
                }

                labels[i] = i % 2;
                var at = random.Next(2, Side - 2);
                for (var k = 0; k < Side; k++)
                {
                    image[labels[i] == 0 ? (at * Side) + k : (k * Side) + at] = 255;
                }
            }

            return (pixels, labels);
        }

        var (trainPixels, trainLabels) = Make(train);
        var (testPixels, testLabels) = Make(test);
        return new InMemoryDataset(DatasetId, "Bars", 1, Side, Side, ["horizontal", "vertical"], trainPixels, trainLabels, testPixels, testLabels);
    }
}
