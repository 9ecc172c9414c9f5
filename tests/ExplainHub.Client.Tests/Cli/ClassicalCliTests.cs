using System.Text.Json;
using ExplainHub.Client.Cli;
using ExplainHub.Client.Cli.Commands;
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
            ["train", "--dataset", "d", "--kind", "random-forest", "--estimators", "80", "--max-depth", "12", "--feature-subsample", "0.1"]));
        Assert.Equal(new ClassicalOptions(Estimators: 80, MaxDepth: 12, FeatureSubsample: 0.1), command.Request.Classical);
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
