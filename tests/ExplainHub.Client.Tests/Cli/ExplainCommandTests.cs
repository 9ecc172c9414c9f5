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
        var stem = Path.Combine(_directory, "maps", "m-1_test-7_cam");
        Assert.Equal(stem + ".png", result.Overlay);
        Assert.Equal(stem + ".npy", result.RawMap);
        Assert.Equal(stem + "_heatmap.npy", result.Heatmap);
        Assert.Equal("Trouser", result.PredictedName);
        Assert.Equal(
            ["m-1_test-7_cam.json", "m-1_test-7_cam.npy", "m-1_test-7_cam.png", "m-1_test-7_cam_heatmap.npy"],
            Directory.GetFiles(Path.Combine(_directory, "maps")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var expected = TestImages.Explanation(new ExplainRequest("m-1", "tiny", DatasetSplit.Test, [7])).Explanations[0];
        var (rawHeader, raw) = NpyChecker.Read(await File.ReadAllBytesAsync(result.RawMap));
        Assert.Equal("{'descr': '<f4', 'fortran_order': False, 'shape': (28, 28), }", rawHeader);
        Assert.Equal(expected.RawMap, raw);
        Assert.Equal(expected.Heatmap, NpyChecker.Read(await File.ReadAllBytesAsync(result.Heatmap)).Values);
        var document = JsonSerializer.Deserialize<ExplainResult>(await File.ReadAllBytesAsync(result.Document), CliJson.Options)!;
        Assert.Equal((result.Overlay, result.PredictedClass, result.Probability, result.Index), (document.Overlay, document.PredictedClass, document.Probability, document.Index));
        Assert.Equal(new HeatmapStyle(ColorMaps.Viridis, 0.5), result.Style);
    }

    [Fact]
    public async Task TheSameIndexOfTwoSplits_IsWrittenToTwoFiles_NotOneOverTheOther()
    {
        var engine = ExplainingEngine(probability: 0.99f);

        var train = await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--split", "train", "--index", "7", "--out", "maps"], _directory);
        var test = await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--split", "test", "--index", "7", "--out", "maps"], _directory);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (train.ExitCode, test.ExitCode));
        Assert.Equal(["m-1_test-7_cam.png", "m-1_train-7_cam.png"],
            Directory.GetFiles(Path.Combine(_directory, "maps"), "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Overlay_ByDefault_IsViridisAtHalfOpacity_OverTheWholeImage()
    {
        var engine = ExplainingEngine(probability: 0.99f);

        await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--index", "0", "--out", "."], _directory);

        var png = PngChecker.Read(await File.ReadAllBytesAsync(Path.Combine(_directory, "m-1_test-0_cam.png")));
        // Cold pixel (input column 20, grey 180) under viridis(0) = (68, 1, 84); hot pixel (grey 0) under viridis(1) = (253, 231, 37).
        AssertNear([(180 + 68) / 2.0, (180 + 1) / 2.0, (180 + 84) / 2.0], png.Pixel(20 * 8, 200));
        AssertNear([253 / 2.0, 231 / 2.0, 37 / 2.0], png.Pixel(0, 0));
    }

    [Fact]
    public async Task Opacity_One_DrawsTheMapAlone_InTheChosenColourMap()
    {
        var engine = ExplainingEngine(probability: 0.99f);

        await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--index", "0", "--out", ".", "--colormap", "jet", "--opacity", "1"], _directory);

        var png = PngChecker.Read(await File.ReadAllBytesAsync(Path.Combine(_directory, "m-1_test-0_cam.png")));
        var cold = png.Pixel(20 * 8, 200);
        var hot = png.Pixel(0, 0);
        Assert.True(cold[2] > 100 && cold[0] < 10 && cold[1] < 10, $"jet's cold end is dark blue, got ({cold[0]}, {cold[1]}, {cold[2]})");
        Assert.True(hot[0] > 100 && hot[1] < 10 && hot[2] < 10, $"jet's hot end is dark red, got ({hot[0]}, {hot[1]}, {hot[2]})");
    }

    [Fact]
    public async Task Explain_OfAnImageFile_SendsItsBytes_SaysHowItWasConverted_AndDrawsTheConvertedImage()
    {
        var engine = ExplainingEngine(probability: 0.99f);
        ExplainRequest? seen = null;
        engine.OnExplain = r =>
        {
            seen = r;
            var batch = TestImages.Explanation(r with { Indices = [0] });
            var images = TestImages.Images(new ImagesRequest("tiny", DatasetSplit.Test, [0]));
            return batch with
            {
                Explanations = [.. batch.Explanations.Select(e => e with { Label = -1 })],
                Images = images with { Labels = [-1] },
                Notices = ["'shirt.png': 64×48 RGB, made grey, resized to 28×28"],
            };
        };
        engine.OnGetImages = _ => throw new InvalidOperationException("an uploaded image is not fetched from a split");
        var file = Path.Combine(_directory, "shirt.png");
        await File.WriteAllBytesAsync(file, [1, 2, 3, 4]);

        var run = await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--image", "shirt.png", "--out", "maps", "--json"], _directory);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(["note: 'shirt.png': 64×48 RGB, made grey, resized to 28×28"], run.ErrorLines);
        var upload = Assert.Single(seen!.Uploads!);
        Assert.Equal("shirt.png", upload.Name);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, upload.Content);
        var result = JsonSerializer.Deserialize<ExplainResult>(run.Out, CliJson.Options)!;
        Assert.Equal(Path.Combine(_directory, "maps", "m-1_shirt_cam.png"), result.Overlay);
        Assert.Equal(file, result.ImageFile);
        Assert.Null(result.Index);
        Assert.Null(result.LabelName);
        Assert.Single(result.Notices);
        var overlay = PngChecker.Read(await File.ReadAllBytesAsync(result.Overlay));
        Assert.Equal((224, 224), (overlay.Width, overlay.Height));
    }

    [Fact]
    public async Task Explain_OfAFileThatIsNotThere_OrTooLarge_IsRefusedBeforeTheEngineIsAsked()
    {
        var engine = ExplainingEngine(probability: 0.99f);
        engine.OnExplain = _ => throw new InvalidOperationException("must not be asked");
        var large = Path.Combine(_directory, "large.png");
        await using (var stream = File.Create(large))
        {
            stream.SetLength(UploadLimits.MaxBytes + 1L);
        }

        var missing = await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--image", "nope.png", "--out", "."], _directory);
        var tooLarge = await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--image", "large.png", "--out", "."], _directory);

        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("no image file at", missing.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, tooLarge.ExitCode);
        Assert.Contains("10 MB", tooLarge.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlay_IsTheImageEightTimesLarger_TintedGreenWhereHot_WhenConfident()
    {
        var engine = ExplainingEngine(probability: 0.99f);

        await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--index", "0", "--out", ".", "--colormap", "confidence"], _directory);

        var png = PngChecker.Read(await File.ReadAllBytesAsync(Path.Combine(_directory, "m-1_test-0_cam.png")));
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

        await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--index", "0", "--out", ".", "--colormap", "confidence"], _directory);

        var hot = PngChecker.Read(await File.ReadAllBytesAsync(Path.Combine(_directory, "m-1_test-0_cam.png"))).Pixel(0, 0);
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
        Directory.CreateDirectory(Path.Combine(_directory, "m-1_test-0_cam.npy"));
        var run = await CliRun.RunAsync(engine, ["explain", "--model", "m-1", "--index", "0", "--out", "."], _directory);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
        Assert.False(File.Exists(Path.Combine(_directory, "m-1_test-0_cam_heatmap.npy")));
    }

    [Fact]
    public async Task Compare_WithOut_WritesTheAgreementFiles_AndAGridOfTheFirstImage_WithAnEmptyTileWhereAMethodDoesNotApply()
    {
        var engine = ExplainingEngine(probability: 0.99f);
        engine.Models.Add(TestImages.Model("m-2"));
        MethodInfo Method(string name) => new(name, name, "paper", "needs", []);
        engine.OnGetMethods = id =>
        [
            new MethodAvailability(Method(ExplanationMethods.Cam), true, null),
            new MethodAvailability(Method(ExplanationMethods.Hadamard), id == "m-2", id == "m-2" ? null : "not linear"),
        ];
        var explained = new List<ExplainRequest>();
        engine.OnExplain = r =>
        {
            explained.Add(r);
            return TestImages.Explanation(r);
        };
        engine.OnCompare = r => new AgreementResult(r.Explainers.Select(e => e.Label).ToArray(), r.Indices.Count, r.Rho,
            [[1, 0.5, 0.2], [0.5, 1, 0.1], [0.2, 0.1, 1]], [[1, 0.4, 0.3], [0.4, 1, 0.2], [0.3, 0.2, 1]]);

        var run = await CliRun.RunAsync(engine,
            ["compare", "--models", "m-1,m-2", "--methods", "cam,hadamard", "--indices", "5,6", "--out", "cmp"], _directory);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("skipping m-1/hadamard: not linear", run.Error, StringComparison.Ordinal);
        Assert.Equal(["agreement.json", "grid.png", "iou.csv", "spearman.csv"],
            Directory.GetFiles(Path.Combine(_directory, "cmp")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(explained, r => Assert.Equal([5], r.Indices));
        Assert.Equal(3, explained.Count); // m-1/cam, m-2/cam, m-2/hadamard: the grid's three maps
        var grid = PngChecker.Read(await File.ReadAllBytesAsync(Path.Combine(_directory, "cmp", "grid.png")));
        Assert.Equal(170 + (3 * 146) + 6, grid.Width); // 28×28 tiles drawn 5× (140 px + 6 gap): the image and two methods
        Assert.Equal([0xEE, 0xEE, 0xEE], grid.Pixel(170 + (2 * 146) + 3, 26 + 3)[..3].ToArray()); // m-1/hadamard: empty
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void AssertNear(double[] expected, ReadOnlySpan<byte> actual)
    {
        for (var c = 0; c < expected.Length; c++)
        {
            Assert.True(Math.Abs(expected[c] - actual[c]) <= 2, $"channel {c}: expected about {expected[c]}, got {actual[c]}");
        }
    }

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
