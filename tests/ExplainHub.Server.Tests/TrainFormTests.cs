using ExplainHub.Server.Training;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests;

public sealed class TrainFormTests
{
    private static readonly DatasetInfo Fashion = new("fashion-mnist", "Fashion-MNIST", 1, 28, 28, [.. Enumerable.Range(0, 10).Select(i => $"c{i}")], 60_000, 10_000);

    [Theory]
    [InlineData(ModelKinds.ResNet18, new[] { TrainField.Epochs, TrainField.BatchSize, TrainField.LearningRate, TrainField.Optimizer, TrainField.WeightDecay })]
    [InlineData(ModelKinds.LinearSvm, new[] { TrainField.C })]
    [InlineData(ModelKinds.PcaSvm, new[] { TrainField.Components, TrainField.C })]
    [InlineData(ModelKinds.KernelSvm, new[] { TrainField.Kernel, TrainField.C, TrainField.Gamma })]
    [InlineData(ModelKinds.AdaBoost, new[] { TrainField.Estimators, TrainField.MaxDepth, TrainField.WeakLearner, TrainField.Boosting })]
    [InlineData(ModelKinds.RandomForest, new[] { TrainField.Estimators, TrainField.MaxDepth, TrainField.Forest })]
    [InlineData(ModelKinds.SvmMask, new[] { TrainField.SourceModel, TrainField.MaskFraction, TrainField.C })]
    public void EachKind_OffersItsOwnSettings_AndNoneOfAnothers(string kind, TrainField[] own)
    {
        var form = new TrainForm { Kind = kind };

        Assert.All(own, f => Assert.True(form.Takes(f), $"{kind} takes {f}"));
        Assert.All([TrainField.TrainSubset, TrainField.TestSubset, TrainField.Seed], f => Assert.True(form.Takes(f)));
        Assert.Equal(ModelKinds.IsNetwork(kind), form.Takes(TrainField.Epochs));
        Assert.Equal(kind is ModelKinds.RandomForest or ModelKinds.AdaBoost, form.Takes(TrainField.Estimators));
    }

    [Fact]
    public void Momentum_IsOfferedOnlyWithSgd()
    {
        var form = new TrainForm { Kind = ModelKinds.ResNet18 };
        Assert.False(form.Takes(TrainField.Momentum));
        form.Optimizer = OptimizerKind.Sgd;
        Assert.True(form.Takes(TrainField.Momentum));
    }

    [Fact]
    public void AbsurdValues_AreNamedInPlace_OnlyForFieldsTheKindTakes()
    {
        var form = new TrainForm { Kind = ModelKinds.SeedCnn, Epochs = 0, LearningRate = -1, TrainSubset = 70_000, C = -5 };

        var problems = form.Problems(Fashion, []);

        Assert.Equal("1 to 1,000 epochs", problems[TrainField.Epochs]);
        Assert.Equal("a learning rate above 0, at most 10", problems[TrainField.LearningRate]);
        Assert.Equal("empty (all) or 10 to 60,000", problems[TrainField.TrainSubset]);
        Assert.False(problems.ContainsKey(TrainField.C)); // a CNN has no C
        Assert.Empty(new TrainForm().Problems(Fashion, []));
    }

    [Fact]
    public void AnSvmOnANetworksFeatures_NeedsATrainedNetwork()
    {
        var form = new TrainForm { Kind = ModelKinds.CnnSvm, SourceModel = "svm-1" };
        ModelInfo[] models =
        [
            new("svm-1", "svm", ModelKinds.LinearSvm, "fashion-mnist", Fashion.ClassNames, 0.8, 0, DateTimeOffset.UnixEpoch),
            new("cnn-1", "cnn", ModelKinds.SeedCnn, "fashion-mnist", Fashion.ClassNames, 0.9, 0, DateTimeOffset.UnixEpoch),
        ];

        Assert.True(form.Problems(Fashion, models).ContainsKey(TrainField.SourceModel));
        form.SourceModel = "cnn-1";
        Assert.Empty(form.Problems(Fashion, models));
        Assert.Equal("cnn-1", form.ToRequest("fashion-mnist").Classical!.SourceModelId);
    }

    [Fact]
    public void TheRequest_CarriesWhatTheKindTakes()
    {
        var network = new TrainForm { Kind = ModelKinds.ResNet18, Epochs = 3, Optimizer = OptimizerKind.Sgd, Momentum = 0.8, Rotation = 20, Patience = 2 }.ToRequest("fer2013");
        Assert.Equal((ModelKinds.ResNet18, 3, OptimizerKind.Sgd, 0.8, 2), (network.ModelKind, network.Epochs, network.Optimizer, network.Momentum, network.EarlyStoppingPatience));
        Assert.Equal(new Augmentation(20, 0, false), network.Augment);
        Assert.Null(network.Classical);

        var forest = new TrainForm { Kind = ModelKinds.RandomForest, Estimators = 150, MaxDepth = 15, Rotation = 20 }.ToRequest("fashion-mnist");
        Assert.Equal((150, 15, ForestAlgorithms.Breiman), (forest.Classical!.Estimators, forest.Classical.MaxDepth, forest.Classical.ForestAlgorithm));
        var xgboost = new TrainForm { Kind = ModelKinds.RandomForest, Forest = ForestAlgorithms.XGBoost }.ToRequest("fashion-mnist");
        Assert.Equal(ForestAlgorithms.XGBoost, xgboost.Classical!.ForestAlgorithm);
        Assert.Null(forest.Augment);
        Assert.Null(forest.EarlyStoppingPatience);
    }
}
