using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>Sweeps as jobs: one fit per value, streamed in order, refused before they start when they cannot run.</summary>
[Collection(NativeCollection.Name)]
public sealed class SweepTests : IDisposable
{
    private readonly EngineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task ComponentsSweep_StreamsOnePointPerValue_WithExplainedVarianceGrowingWithComponents()
    {
        var dataset = Register();
        var points = await SweepAsync(new SweepRequest(new TrainRequest(dataset, ModelKinds.PcaSvm), SweepParameter.Components, ["2", "8", "32"]));

        Assert.Equal(["2", "8", "32"], points.Select(p => p.Value));
        Assert.Equal([0, 1, 2], points.Select(p => p.Index));
        // More principal components always explain at least as much variance: the known answer of this curve.
        var explained = points.Select(p => p.ExplainedVariance!.Value).ToArray();
        Assert.True(explained[0] < explained[1] && explained[1] < explained[2], string.Join(", ", explained));
        Assert.InRange(explained[2], 0, 1);
        Assert.True(points[2].TestAccuracy >= 0.85, $"32 components see the patch; test accuracy {points[2].TestAccuracy:P1}");
        Assert.All(points, p => Assert.Null(p.SupportVectors));
    }

    [Fact]
    public async Task KernelSweep_ReportsSupportVectorsPerKernel()
    {
        var dataset = Register();
        var request = new SweepRequest(new TrainRequest(dataset, ModelKinds.KernelSvm, Classical: new ClassicalOptions(Probabilities: false)),
            SweepParameter.Kernel, ["linear", "rbf"]);
        var points = await SweepAsync(request);

        Assert.Equal(["linear", "rbf"], points.Select(p => p.Value));
        Assert.All(points, p => Assert.InRange(p.SupportVectors!.Value, 1, 300));
    }

    [Fact]
    public async Task EstimatorsSweep_OfAdaBoost_FitsMoreRoundsBetterOnTheTrainingSet()
    {
        var dataset = Register();
        var request = new SweepRequest(new TrainRequest(dataset, ModelKinds.AdaBoost, Classical: new ClassicalOptions(MaxDepth: 1)),
            SweepParameter.Estimators, ["1", "40"]);
        var points = await SweepAsync(request);

        // One stump on one pixel cannot find a patch that moves; forty rounds can.
        Assert.True(points[1].TrainAccuracy > points[0].TrainAccuracy + 0.1, $"{points[0].TrainAccuracy:P1} → {points[1].TrainAccuracy:P1}");
    }

    [Theory]
    [InlineData(ModelKinds.LinearSvm, SweepParameter.Estimators, "10", "applies to random-forest, adaboost")]
    [InlineData(ModelKinds.RandomForest, SweepParameter.MaxDepth, "deep", "'deep' is not")]
    [InlineData(ModelKinds.KernelSvm, SweepParameter.Kernel, "cubic", "Unknown kernel 'cubic'")]
    [InlineData(ModelKinds.LinearSvm, SweepParameter.C, "-1", "C must be a positive number")]
    public async Task ASweepThatCannotRun_IsRefusedBeforeAJobStarts(string kind, SweepParameter parameter, string value, string expected)
    {
        var dataset = Register();
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            fixture.Engine.StartSweepAsync(new SweepRequest(new TrainRequest(dataset, kind), parameter, [value])));

        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.Engine.ListJobsAsync());
    }

    [Fact]
    public async Task CancelledSweep_EndsCancelledWithThePointsItFinished()
    {
        var dataset = Register();
        var job = await fixture.Engine.StartSweepAsync(new SweepRequest(new TrainRequest(dataset, ModelKinds.RandomForest),
            SweepParameter.Estimators, ["5", "3000", "3000"]));
        var points = new List<SweepPoint>();
        await foreach (var report in fixture.Engine.WatchJobAsync(job.Id))
        {
            if (report.Point is { } point)
            {
                points.Add(point);
                await fixture.Engine.CancelJobAsync(job.Id);
            }
        }

        Assert.Equal(JobState.Cancelled, (await fixture.Engine.GetJobAsync(job.Id)).State);
        Assert.Equal(["5"], points.Select(p => p.Value));
    }

    private string Register()
    {
        var (dataset, _) = SyntheticData.BrightPatch(300, 100, side: 12, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        return dataset.Info.Id;
    }

    private async Task<List<SweepPoint>> SweepAsync(SweepRequest request)
    {
        var job = await fixture.Engine.StartSweepAsync(request);
        var points = new List<SweepPoint>();
        await foreach (var report in fixture.Engine.WatchJobAsync(job.Id))
        {
            if (report.Point is { } point)
            {
                points.Add(point);
            }
        }

        var final = await fixture.Engine.GetJobAsync(job.Id);
        Assert.True(final.State == JobState.Completed, $"{final.State}: {final.Error}");
        Assert.Null(final.ModelId);
        return points;
    }
}
