using System.Text.Json;
using ExplainHub.Client.Cli;
using ExplainHub.Client.Cli.Commands;
using ExplainHub.Client.Tests.Fakes;
using ExplainHub.Client.Tests.Output;
using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Cli;

public sealed class ExplainCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("explainhub-cli-").FullName;

    [Fact]
    public async Task Explain_WritesOverlayPng_RawMapAndHeatmap_UnderTheOutputDirectory()
    {
        var engine = ExplainingEngine(probability: 0.99f);

        var run = await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--index", "7", "--out", "maps", "--json"], _directory);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Empty(run.Error);
        var result = JsonSerializer.Deserialize<ExplainResult>(run.Out, CliJson.Options)!;
        var stem = Path.Combine(_directory, "maps", "m-1_7_cam");
        Assert.Equal(stem + ".png", result.Overlay);
        Assert.Equal(stem + ".npy", result.RawMap);
        Assert.Equal(stem + "_heatmap.npy", result.Heatmap);
        Assert.Equal("Trouser", result.PredictedName);
        Assert.Equal(
            ["m-1_7_cam.npy", "m-1_7_cam.png", "m-1_7_cam_heatmap.npy"],
            Directory.GetFiles(Path.Combine(_directory, "maps")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var expected = TestImages.Explanation(new ExplainRequest("m-1", "tiny", DatasetSplit.Test, [7])).Explanations[0];
        var (rawHeader, raw) = NpyChecker.Read(await File.ReadAllBytesAsync(result.RawMap));
        Assert.Equal("{'descr': '<f4', 'fortran_order': False, 'shape': (28, 28), }", rawHeader);
        Assert.Equal(expected.RawMap, raw);
        Assert.Equal(expected.Heatmap, NpyChecker.Read(await File.ReadAllBytesAsync(result.Heatmap)).Values);
    }

    [Fact]
    public async Task Overlay_IsTheImageEightTimesLarger_TintedGreenWhereHot_WhenConfident()
    {
        var engine = ExplainingEngine(probability: 0.99f);

        await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--index", "0", "--out", "."], _directory);

        var png = PngChecker.Read(await File.ReadAllBytesAsync(Path.Combine(_directory, "m-1_0_cam.png")));
        Assert.Equal((224, 224), (png.Width, png.Height));

        // Bottom-right quarter: no heat, so the grey ramp shows unchanged (pixel column 20 of the input = 180).
        var cold = png.Pixel(20 * 8, 200);
        Assert.Equal([180, 180, 180], cold[..3].ToArray());

        // Top-left corner: full heat, tinted towards green.
        var hot = png.Pixel(0, 0);
        Assert.True(hot[1] > hot[0] && hot[1] > hot[2], $"expected green, got ({hot[0]}, {hot[1]}, {hot[2]})");
    }

    [Fact]
    public async Task Overlay_IsRed_WhenTheModelIsNotSure()
    {
        var engine = ExplainingEngine(probability: 0.95f);

        await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--index", "0", "--out", "."], _directory);

        var hot = PngChecker.Read(await File.ReadAllBytesAsync(Path.Combine(_directory, "m-1_0_cam.png"))).Pixel(0, 0);
        Assert.True(hot[0] > hot[1] && hot[0] > hot[2], $"expected red, got ({hot[0]}, {hot[1]}, {hot[2]})");
    }

    [Fact]
    public async Task Explain_WritesNothing_WhenTheEngineFails()
    {
        var engine = ExplainingEngine(probability: 0.99f);
        engine.OnGetImages = _ => throw new EngineException(EngineErrorKind.DatasetUnavailable, "The data set's files are gone.");

        var run = await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--index", "0", "--out", "maps"], _directory);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(["error: The data set's files are gone."], run.ErrorLines);
        Assert.Empty(Directory.GetFiles(_directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Explain_FailsWithoutPartialFiles_WhenTheOutputCannotBeWritten()
    {
        var engine = ExplainingEngine(probability: 0.99f);

        // A directory where the raw map should go makes that one rename fail after the PNG was renamed into place.
        // What must never be left behind is a temporary or truncated file.
        Directory.CreateDirectory(Path.Combine(_directory, "m-1_0_cam.npy"));
        var run = await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--index", "0", "--out", "."], _directory);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
        Assert.False(File.Exists(Path.Combine(_directory, "m-1_0_cam_heatmap.npy")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static FakeEngine ExplainingEngine(float probability)
    {
        var engine = new FakeEngine
        {
            OnExplain = r => TestImages.Explanation(r, probability),
            OnGetImages = TestImages.Images,
        };
        engine.Models.Add(TestImages.Model("m-1"));
        return engine;
    }
}
