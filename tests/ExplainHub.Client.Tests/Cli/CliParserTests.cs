using ExplainHub.Client.Cli;
using ExplainHub.Client.Cli.Commands;
using ExplainHub.Client.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Cli;

public sealed class CliParserTests
{
    [Fact]
    public void Train_KeepsTheSeedRecipe_WhenOnlyTheDatasetIsGiven()
    {
        var command = Assert.IsType<TrainCommand>(CliParser.Parse(["train", "--dataset", "fashion-mnist"]));

        Assert.Equal(new TrainRequest("fashion-mnist"), command.Request);
        Assert.Equal(GlobalOptions.Default, command.Global);
    }

    [Fact]
    public void Train_ReadsEveryOption_InBothSpellings()
    {
        var command = Assert.IsType<TrainCommand>(CliParser.Parse(
        [
            "train", "--dataset=fashion-mnist", "--epochs", "3", "--batch-size=128", "--lr", "0.0005",
            "--train-subset", "6000", "--test-subset", "1000", "--seed", "-7", "--name", "quick run", "--json",
            "--init", "glorot", "--schedule", "cosine",
        ]));

        Assert.Equal(
            new TrainRequest("fashion-mnist", ModelKinds.SeedCnn, 3, 128, 0.0005, 6000, 1000, -7, "quick run", WeightInit.Glorot, LearningRateSchedule.Cosine),
            command.Request);
        Assert.True(command.Global.Json);
    }

    [Fact]
    public void Train_ReadsTheOptimiserMomentumAndWeightDecay()
    {
        var command = Assert.IsType<TrainCommand>(CliParser.Parse(
            ["train", "--dataset", "fer2013", "--kind", "resnet18", "--optimizer", "sgd", "--momentum", "0.8", "--weight-decay", "5e-4", "--rotate", "20",
             "--early-stopping", "3", "--validation-fraction", "0.15"]));

        Assert.Equal(OptimizerKind.Sgd, command.Request.Optimizer);
        Assert.Equal(0.8, command.Request.Momentum);
        Assert.Equal(5e-4, command.Request.WeightDecay);
        Assert.Equal(20, command.Request.Augment!.RotationDegrees);
        Assert.Equal(ModelKinds.ResNet18, command.Request.ModelKind);
        Assert.Equal((3, 0.15), (command.Request.EarlyStoppingPatience, command.Request.ValidationFraction));
    }

    [Fact]
    public void Train_ReadsAStepSchedule()
    {
        var command = Assert.IsType<TrainCommand>(CliParser.Parse(
            ["train", "--dataset", "fer2013", "--schedule", "step", "--step-epochs", "30", "--step-factor", "0.2"]));

        Assert.Equal((LearningRateSchedule.Step, 30, 0.2), (command.Request.Schedule, command.Request.StepEpochs, command.Request.StepFactor));
        Assert.Throws<CliUsageException>(() => CliParser.Parse(["train", "--dataset", "d", "--schedule", "exponential"]));
        Assert.Throws<CliUsageException>(() => CliParser.Parse(["train", "--dataset", "d", "--step-epochs", "5"]));
    }

    [Fact]
    public void Import_ReadsFormatPathAndImageOptions_WithTheFullPath()
    {
        var command = Assert.IsType<ImportCommand>(CliParser.Parse(
            ["import", "--format", "image-folder", "--path", "faces.zip", "--id", "faces", "--size", "48", "--grey"]));

        Assert.Equal(DatasetFormats.ImageFolder, command.Request.Format);
        Assert.True(Path.IsPathFullyQualified(command.Request.Path));
        Assert.EndsWith("faces.zip", command.Request.Path, StringComparison.Ordinal);
        Assert.Equal(("faces", 48, true), (command.Request.Id, command.Request.Size, command.Request.Grey));
        Assert.False(command.Request.Replace);
        Assert.True(Assert.IsType<ImportCommand>(CliParser.Parse(["import", "--format", "fer2013", "--path", "f.csv", "--replace"])).Request.Replace);
    }

    [Fact]
    public async Task Resume_ResumesTheCheckpoint_AndFollowsTheJobToItsEnd()
    {
        var engine = new FakeEngine();
        engine.Checkpoints.Add(new CheckpointInfo("job-7", new TrainRequest("fashion-mnist", Epochs: 5), 2, 0.8, DateTimeOffset.UnixEpoch));

        var run = await CliRun.RunAsync(engine, ["resume", "--checkpoint", "job-7"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("resuming job-7", run.Error, StringComparison.Ordinal);
        var list = await CliRun.RunAsync(engine, ["checkpoints"]);
        Assert.Contains("2/5", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportAndImportModel_TakeFullPaths()
    {
        var export = Assert.IsType<ExportCommand>(CliParser.Parse(["export", "--model", "m-1", "--out", "exported"]));
        Assert.Equal("m-1", export.ModelId);
        Assert.True(Path.IsPathFullyQualified(export.OutputDirectory));

        Assert.Equal("m-2", Assert.IsType<DeleteModelCommand>(CliParser.Parse(["delete-model", "--model", "m-2"])).ModelId);
        Assert.Throws<CliUsageException>(() => CliParser.Parse(["delete-model"]));

        var import = Assert.IsType<ImportModelCommand>(CliParser.Parse(["import-model", "--path", "exported", "--name", "copy"]));
        Assert.True(Path.IsPathFullyQualified(import.Request.Directory));
        Assert.Equal("copy", import.Request.Name);
    }

    [Fact]
    public void Predict_ReadsTheIndexList_AndDefaultsToTheTestSplit()
    {
        var command = Assert.IsType<PredictCommand>(CliParser.Parse(["predict", "--model", "m-1", "--indices", "0, 1,2"]));

        Assert.Equal("m-1", command.ModelId);
        Assert.Equal([0, 1, 2], command.Indices);
        Assert.Equal(DatasetSplit.Test, command.Split);
    }

    [Fact]
    public void Explain_ReadsModelIndexSplitMethodTargetAndOutput()
    {
        var command = Assert.IsType<ExplainCommand>(CliParser.Parse(
            ["explain", "--model", "m-1", "--index", "42", "--split", "train", "--target", "3", "--out", "maps"]));

        Assert.Equal(
            new ExplainCommand(GlobalOptions.Default, "m-1", 42, DatasetSplit.Train, ExplanationMethods.Cam, 3, "maps", Style: new HeatmapStyle()),
            command);
    }

    [Fact]
    public void Explain_TakesAnImageFileInsteadOfAnIndex_AndAColourMapWithItsOpacity()
    {
        var command = Assert.IsType<ExplainCommand>(CliParser.Parse(
            ["explain", "--model", "m-1", "--image", "shirt.jpg", "--out", "maps", "--colormap", "jet", "--opacity", "0.8"]));

        Assert.Null(command.Index);
        Assert.Equal("shirt.jpg", command.ImageFile);
        Assert.Equal(new HeatmapStyle(ColorMaps.Jet, 0.8), command.Style);
    }

    [Theory]
    [InlineData("--index N (an image of the split) or --image FILE", new[] { "explain", "--model", "m", "--out", "o" })]
    [InlineData("--index or --image, not both", new[] { "explain", "--model", "m", "--index", "1", "--image", "a.png", "--out", "o" })]
    [InlineData("unknown colour map 'rainbow'; known: viridis, inferno, jet, turbo, confidence", new[] { "explain", "--model", "m", "--index", "1", "--out", "o", "--colormap", "rainbow" })]
    [InlineData("opacity is within [0, 1], not 1.5", new[] { "compare", "--models", "m", "--methods", "cam", "--opacity", "1.5" })]
    public void Explain_RefusesAnImageChoiceOrStyleThatMakesNoSense(string message, string[] args)
    {
        Assert.Contains(message, Assert.Throws<CliUsageException>(() => CliParser.Parse(args)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsMayComeFromAResponseFile_OrWithAColon()
    {
        var file = Path.Combine(Path.GetTempPath(), $"explainhub-{Guid.NewGuid():N}.rsp");
        File.WriteAllText(file, "--dataset fashion-mnist\n--epochs 3\n");
        try
        {
            var fromFile = Assert.IsType<TrainCommand>(CliParser.Parse(["train", "@" + file, "--lr:0.01"]));
            Assert.Equal(("fashion-mnist", 3, 0.01), (fromFile.Request.DatasetId, fromFile.Request.Epochs, fromFile.Request.LearningRate));
        }
        finally
        {
            File.Delete(file);
        }

        var error = Assert.Throws<CliUsageException>(() => CliParser.Parse(["train", "--dataset", "d", "--epoch", "3"]));
        Assert.Contains("unknown option '--epoch'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EngineOption_BecomesTheHubUrl()
    {
        var command = CliParser.Parse(["models", "--engine", "http://gpu-box:5090"]);

        Assert.Equal(new Uri("http://gpu-box:5090/engine"), command.Global.EngineUrl);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_NeedsNoCommand(string flag)
    {
        var command = Assert.IsType<HelpCommand>(CliParser.Parse([flag]));

        Assert.Null(command.Topic);
    }

    [Fact]
    public void Help_OfACommand_NamesThatCommand()
    {
        Assert.Equal(CommandSpecs.Train, Assert.IsType<HelpCommand>(CliParser.Parse(["train", "--help"])).Topic);
        Assert.Equal(CommandSpecs.Explain, Assert.IsType<HelpCommand>(CliParser.Parse(["help", "explain"])).Topic);
    }

    [Theory]
    [InlineData("no command", new string[0])]
    [InlineData("unknown command 'fit'", new[] { "fit" })]
    [InlineData("unknown option '--epoch'", new[] { "train", "--dataset", "d", "--epoch", "3" })]
    [InlineData("'train' needs --dataset", new[] { "train", "--epochs", "3" })]
    [InlineData("--epochs needs a value", new[] { "train", "--dataset", "d", "--epochs" })]
    [InlineData("--epochs needs a value", new[] { "train", "--epochs", "--dataset", "d" })]
    [InlineData("--epochs must be a whole number, not 'ten'", new[] { "train", "--dataset", "d", "--epochs", "ten" })]
    [InlineData("--epochs must be at least 1, not 0", new[] { "train", "--dataset", "d", "--epochs", "0" })]
    [InlineData("--lr must be a positive number, not '-1'", new[] { "train", "--dataset", "d", "--lr", "-1" })]
    [InlineData("--lr must be a positive number, not 'NaN'", new[] { "train", "--dataset", "d", "--lr", "NaN" })]
    [InlineData("--seed is given more than once", new[] { "train", "--dataset", "d", "--seed", "1", "--seed", "2" })]
    [InlineData("unexpected argument 'extra'", new[] { "models", "extra" })]
    [InlineData("--json takes no value", new[] { "models", "--json=yes" })]
    [InlineData("--indices must be a comma-separated list", new[] { "predict", "--model", "m", "--indices", "1,,2" })]
    [InlineData("--indices must be at least 0, not -1", new[] { "predict", "--model", "m", "--indices", "-1" })]
    [InlineData("--split must be 'train' or 'test' or 'validation', not 'valid'", new[] { "predict", "--model", "m", "--indices", "1", "--split", "valid" })]
    [InlineData("--init must be 'torch' or 'glorot', not 'he'", new[] { "train", "--dataset", "d", "--init", "he" })]
    [InlineData("'explain' needs --out", new[] { "explain", "--model", "m", "--index", "1" })]
    [InlineData("--engine: 'localhost:5090' is not an engine URL", new[] { "info", "--engine", "localhost:5090" })]
    [InlineData("--engine: 'ftp://h/' is not an engine URL", new[] { "info", "--engine", "ftp://h/" })]
    public void Parse_Rejects_WithAMessageThatSaysWhatIsWrong(string expected, string[] args)
    {
        var error = Assert.Throws<CliUsageException>(() => CliParser.Parse(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_TakesRepeatedParams_AndCompareTakesListsOfModelsAndMethods()
    {
        var explain = Assert.IsType<ExplainCommand>(CliParser.Parse(
            ["explain", "--model", "m-1", "--index", "3", "--out", "maps", "--method", "occlusion", "--param", "patch=10%", "--param", "fill = mean"]));
        Assert.Equal([new MethodParameter("patch", "10%"), new MethodParameter("fill", "mean")], explain.Parameters);

        var compare = Assert.IsType<CompareCommand>(CliParser.Parse(
            ["compare", "--models", "m-1,m-2", "--methods", "cam,occlusion", "--rho", "0.05", "--param", "patch=4"]));
        Assert.Equal(["m-1", "m-2"], compare.ModelIds);
        Assert.Equal(["cam", "occlusion"], compare.Methods);
        Assert.Equal(16, compare.Indices.Count);
        Assert.Equal(0.05, compare.Rho);

        Assert.Contains("name=value", Assert.Throws<CliUsageException>(() => CliParser.Parse(
            ["explain", "--model", "m", "--index", "0", "--out", "o", "--param", "patch"])).Message, StringComparison.Ordinal);
        Assert.Contains("--rho", Assert.Throws<CliUsageException>(() => CliParser.Parse(
            ["compare", "--models", "m", "--methods", "cam", "--rho", "2"])).Message, StringComparison.Ordinal);
        Assert.Contains("--param needs a value", Assert.Throws<CliUsageException>(() => CliParser.Parse(
            ["explain", "--model", "m", "--index", "0", "--out", "o", "--param", "--json"])).Message, StringComparison.Ordinal);
    }
}
