using System.Text.Json;
using ExplainHub.Client.Cli;
using ExplainHub.Client.Cli.Commands;
using ExplainHub.Client.Output;
using ExplainHub.Engine.Imaging;
using ExplainHub.Client.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Cli;

public sealed class ClassicalCliTests
{
    [Fact]
    public void Train_ReadsClassicalSettings_IntoClassicalOptions()
    {
        var command = Assert.IsType<TrainCommand>(CliParser.Parse(
        [
            "train", "--dataset", "fashion-mnist", "--kind", "kernel-svm", "--kernel", "poly", "--c", "2.5", "--gamma", "0.01",
            "--degree", "4", "--coef0", "-1", "--no-probabilities", "--train-subset", "5000",
        ]));

        Assert.Equal(ModelKinds.KernelSvm, command.Request.ModelKind);
        Assert.Equal(5000, command.Request.TrainSubset);
        Assert.Equal(new ClassicalOptions(C: 2.5, Kernel: "poly", Gamma: 0.01, Degree: 4, Coef0: -1, Probabilities: false), command.Request.Classical);
    }

    [Fact]
    public void Train_WithoutClassicalSettings_LeavesThemToTheFamily()
    {
        var command = Assert.IsType<TrainCommand>(CliParser.Parse(["train", "--dataset", "d", "--kind", "random-forest", "--standardize"]));
        Assert.Null(command.Request.Classical);
        Assert.True(command.Request.StandardizeInputs);
    }

    [Fact]
    public void Train_ForestSettings_AreRead()
    {
        var command = Assert.IsType<TrainCommand>(CliParser.Parse(
            ["train", "--dataset", "d", "--kind", "random-forest", "--estimators", "80", "--max-depth", "12", "--feature-subsample", "0.1",
             "--tree-feature-subsample", "0.25", "--forest", "XGBoost"]));
        Assert.Equal(new ClassicalOptions(Estimators: 80, MaxDepth: 12, FeatureSubsample: 0.1, TreeFeatureSubsample: 0.25, ForestAlgorithm: ForestAlgorithms.XGBoost),
            command.Request.Classical);
    }

    [Fact]
    public void Train_BoostingSettings_AreRead_InAnyCase()
    {
        var command = Assert.IsType<TrainCommand>(CliParser.Parse(
            ["train", "--dataset", "d", "--kind", "adaboost", "--weak-learner", "CART", "--boosting", "SAMME.R", "--boosting-lr", "0.5"]));
        Assert.Equal(new ClassicalOptions(BoostingLearningRate: 0.5, WeakLearner: WeakLearners.Cart, BoostingAlgorithm: BoostingAlgorithms.SammeR),
            command.Request.Classical);
    }

    [Fact]
    public void Sweep_ReadsTheParameterItsValuesAndTheFixedSettings()
    {
        var command = Assert.IsType<SweepCommand>(CliParser.Parse(
        [
            "sweep", "--dataset", "d", "--kind", "random-forest", "--param", "max-depth", "--values", "3, 6,12",
            "--estimators", "40", "--train-subset", "2000",
        ]));

        Assert.Equal(SweepParameter.MaxDepth, command.Request.Parameter);
        Assert.Equal(["3", "6", "12"], command.Request.Values);
        Assert.Equal(ModelKinds.RandomForest, command.Request.Base.ModelKind);
        Assert.Equal(2000, command.Request.Base.TrainSubset);
        Assert.Equal(40, command.Request.Base.Classical!.Estimators);
    }

    [Theory]
    [InlineData("depth", "--param must be one of")]
    [InlineData("estimators", "--values needs at least one value")]
    public void Sweep_WithAnUnknownParameterOrNoValues_IsAUsageError(string parameter, string expected)
    {
        var error = Assert.Throws<CliUsageException>(() => CliParser.Parse(
            ["sweep", "--dataset", "d", "--kind", "adaboost", "--param", parameter, "--values", ","]));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_PrintsEachPointAndAsJsonTheSeries()
    {
        var engine = new FakeEngine();
        engine.Progress.AddRange(
        [
            Point(0, "linear", 0.81, supportVectors: 900),
            Point(1, "rbf", 0.86, supportVectors: 1200),
        ]);

        var run = await CliRun.RunAsync(engine, ["sweep", "--dataset", "d", "--kind", "kernel-svm", "--param", "kernel", "--values", "linear,rbf", "--json"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(["linear", "rbf"], engine.StartedSweeps.Single().Values);
        using var json = JsonDocument.Parse(run.Out);
        var points = json.RootElement.GetProperty("points");
        Assert.Equal(2, points.GetArrayLength());
        Assert.Equal("rbf", points[1].GetProperty("value").GetString());
        Assert.Equal(1200, points[1].GetProperty("supportVectors").GetInt32());
        Assert.Equal("kernel", json.RootElement.GetProperty("parameter").GetString());
        Assert.Contains("kernel = rbf: test accuracy 86.00%", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_AsATable_KeepsItsColumnsWhereAModelHasNoSupportVectors()
    {
        var engine = new FakeEngine();
        engine.Progress.AddRange([Point(0, "16", 0.80, explainedVariance: 0.85), Point(1, "32", 0.84, explainedVariance: 0.91)]);

        var run = await CliRun.RunAsync(engine, ["sweep", "--dataset", "d", "--kind", "pca-svm", "--param", "components", "--values", "16,32"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = System.Text.RegularExpressions.Regex.Split(lines[0].Trim(), " {2,}");
        var row = System.Text.RegularExpressions.Regex.Split(lines[^1].Trim(), " {2,}");
        Assert.Equal(header.Length, row.Length);
        Assert.Equal("0.910", row[^1]);
    }

    private static TrainingProgress Point(int index, string value, double accuracy, int? supportVectors = null, double? explainedVariance = null) =>
        new("job-1", TrainingPhase.Epoch, index + 1, 2, 1, 1, 0, accuracy, accuracy, 0, 0, JobState.Running,
            new SweepPoint(index, value, accuracy, accuracy, 1.5, supportVectors, explainedVariance));

    [Fact]
    public async Task Represent_WritesAPngAndANpyPerImage()
    {
        var engine = new FakeEngine();
        var model = TestImages.Model("m-1");
        engine.Models.Add(model);
        engine.OnRepresent = request => new ModelRepresentation(request.ModelId, RepresentationKinds.ClassWeights, "w_c", 1, 2, 3,
        [
            new RepresentationImage("T-shirt/top", 0, [-1, 0, 1, 2, 0, 0], 0.5),
            new RepresentationImage("Trouser", 1, [0, 0, 0, 0, 0, 3], -0.5),
        ]);
        var directory = Directory.CreateTempSubdirectory("explainhub-represent-").FullName;
        try
        {
            await AssertRepresentationFilesAsync(engine, directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Represent_KeepsEveryFileInsideOut_WhateverKindTheEngineNames()
    {
        // A remote engine's words are not trusted to be one path segment.
        var engine = new FakeEngine();
        engine.Models.Add(TestImages.Model("m-1"));
        engine.OnRepresent = request => new ModelRepresentation(request.ModelId, "x/../../escaped", "w_c", 1, 2, 3,
            [new RepresentationImage("a", 0, [0, 1, 2, 3, 4, 5], 0)]);
        var parent = Directory.CreateTempSubdirectory("explainhub-represent-").FullName;
        try
        {
            var output = Path.Combine(parent, "inner", "out");
            var run = await CliRun.RunAsync(engine, ["represent", "--model", "m-1", "--out", output]);

            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.All(Directory.GetFiles(parent, "*", SearchOption.AllDirectories), f => Assert.StartsWith(output + Path.DirectorySeparatorChar, f, StringComparison.Ordinal));
            Assert.NotEmpty(Directory.GetFiles(output));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    private static async Task AssertRepresentationFilesAsync(FakeEngine engine, string directory)
    {
        var run = await CliRun.RunAsync(engine, ["represent", "--model", "m-1", "--out", directory, "--json"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var images = json.RootElement.GetProperty("images");
        Assert.Equal(2, images.GetArrayLength());
        var png = File.ReadAllBytes(images[0].GetProperty("png").GetString()!);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
        Assert.Contains("T-shirt_top", images[0].GetProperty("png").GetString()!, StringComparison.Ordinal);
        var npy = File.ReadAllBytes(images[1].GetProperty("npy").GetString()!);
        Assert.Equal(3f, BitConverter.ToSingle(npy, npy.Length - 4));
    }

    [Fact]
    public void ModelFacts_ReadAsOneLine()
    {
        Assert.Equal("", ModelsCommand.Describe(null));
        Assert.Equal("1,234 support vectors, 128 components (85.1% of the variance)",
            ModelsCommand.Describe(new ModelFacts(SupportVectors: 1234, Components: 128, ExplainedVariance: 0.8512)));
        Assert.Equal("150 trees", ModelsCommand.Describe(new ModelFacts(Trees: 150)));
        Assert.Equal("on m-cnn", ModelsCommand.Describe(new ModelFacts(SourceModelId: "m-cnn")));
    }

    [Fact]
    public void RepresentationColours_AreWhiteAtZero_RedAbove_BlueBelow()
    {
        Assert.Equal(((byte)255, (byte)255, (byte)255), RepresentationPicture.Diverging(0));
        Assert.Equal(((byte)255, (byte)0, (byte)0), RepresentationPicture.Diverging(1));
        Assert.Equal(((byte)0, (byte)0, (byte)255), RepresentationPicture.Diverging(-1));
    }

    [Fact]
    public async Task Report_PrintsPerClassRowsAveragesAndTheConfusionMatrix()
    {
        var engine = new FakeEngine();
        var model = TestImages.Model("m-1");
        engine.Models.Add(model);
        ReportRequest? asked = null;
        engine.OnReport = request =>
        {
            asked = request;
            var classes = model.ClassNames.Select((name, c) => new ClassMetrics(name, 0.5, 0.25, 1.0 / 3, 2)).ToArray();
            var confusion = model.ClassNames.Select((_, t) => (IReadOnlyList<int>)model.ClassNames.Select((_, p) => t == p ? 7 : 0).ToArray()).ToArray();
            return new ClassificationReport(model.Id, model.DatasetId, request.Split, classes, classes[0] with { Name = "macro avg" },
                classes[0] with { Name = "weighted avg", Support = 20 }, 0.9, confusion);
        };

        var run = await CliRun.RunAsync(engine, ["report", "--model", "m-1", "--split", "train", "--limit", "20"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(new ReportRequest("m-1", model.DatasetId, DatasetSplit.Train, 20), asked);
        Assert.Contains("macro avg", run.Out, StringComparison.Ordinal);
        Assert.Contains("weighted avg", run.Out, StringComparison.Ordinal);
        Assert.Contains("accuracy 0.900 on 20 train images", run.Out, StringComparison.Ordinal);
        Assert.Contains("confusion matrix", run.Out, StringComparison.Ordinal);
        Assert.Contains($"0 {model.ClassNames[0]}", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_AsJson_IsTheEnginesReport()
    {
        var engine = new FakeEngine();
        var model = TestImages.Model("m-1");
        engine.Models.Add(model);
        var metrics = new ClassMetrics("a", 1, 1, 1, 1);
        engine.OnReport = request => new ClassificationReport(model.Id, model.DatasetId, request.Split, [metrics], metrics, metrics, 1, [[1]]);

        var run = await CliRun.RunAsync(engine, ["report", "--model", "m-1", "--json"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var report = JsonSerializer.Deserialize<ClassificationReport>(run.Out, CliJson.Options)!;
        Assert.Equal(1, report.Accuracy);
        Assert.Equal([1], report.ConfusionMatrix[0]);
    }
}
