using ExplainHub.Engine.Data;
using ExplainHub.Engine.Jobs;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Services;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Engine.Tests;

[Collection(NativeCollection.Name)]
public sealed class ModelDeletionTests : IDisposable
{
    private readonly EngineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task ADeletedModel_IsGoneFromTheListTheDiskAndANewEngine_AndCannotBeUsedOrDeletedAgain()
    {
        var (dataset, model) = await TrainAsync();
        var other = (await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.LinearSvm))).ModelId!;
        var models = Path.Combine(fixture.DataDirectory, "models");

        var deleted = await fixture.Engine.DeleteModelAsync(model);

        Assert.Equal(model, deleted.Id);
        Assert.Equal([other], (await fixture.Engine.ListModelsAsync()).Select(m => m.Id));
        Assert.Equal([other], Directory.EnumerateFileSystemEntries(models).Select(Path.GetFileName));
        var gone = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.PredictAsync(new PredictRequest(model, dataset.Info.Id, DatasetSplit.Test, [0])));
        Assert.Equal(EngineErrorKind.NotFound, gone.Kind);
        Assert.Equal(EngineErrorKind.NotFound, (await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.DeleteModelAsync(model))).Kind);
        using var later = new EmbeddedEngine(new EngineOptions { DataDirectory = fixture.DataDirectory });
        Assert.Equal([other], (await later.ListModelsAsync()).Select(m => m.Id));

        // Names that are not model ids reach no folder: the models folder itself, and one beside it.
        foreach (var id in new[] { "..", "../models", "." })
        {
            Assert.Equal(EngineErrorKind.NotFound, (await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.DeleteModelAsync(id))).Kind);
        }

        Assert.True(Directory.Exists(Path.Combine(models, other)));
    }

    [Fact]
    public async Task AModelThatARunningJobReads_IsKept_UntilTheJobEnds()
    {
        var (dataset, model) = await TrainAsync();
        using var jobs = new JobRunner(NullLogger.Instance);
        var options = new EngineOptions { DataDirectory = fixture.DataDirectory };
        var service = new ModelService(new ModelStore(fixture.DataDirectory), new DatasetCatalog(options), new TorchRuntimeService(options), jobs);
        using var release = new ManualResetEventSlim();
        var evaluation = jobs.StartEvaluation(new EvaluationRequest(dataset.Info.Id, [new Explainer(model, ExplanationMethods.Occlusion)]), _ =>
        {
            release.Wait(TimeSpan.FromMinutes(1));
            return null;
        });

        var refused = Assert.Throws<EngineException>(() => service.Delete(model));

        Assert.Equal(EngineErrorKind.InvalidRequest, refused.Kind);
        Assert.Contains($"in use by evaluation job {evaluation.Info.Id}", refused.Message, StringComparison.Ordinal);
        Assert.Contains(service.List(), m => m.Id == model);

        release.Set();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (jobs.Get(evaluation.Info.Id).Info.State is JobState.Queued or JobState.Running && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(model, service.Delete(model).Id);
        Assert.DoesNotContain(service.List(), m => m.Id == model);
    }

    [Theory]
    [InlineData(ModelKinds.LinearSvm)]
    [InlineData(ModelKinds.SeedCnn)]
    public async Task AModelThatCannotBeRead_IsLeftOutOfTheList_TheOthersStay(string kind)
    {
        var (dataset, _) = SyntheticData.BrightPatch(200, 50, side: 12, patch: 3);
        fixture.Engine.RegisterDataset(dataset);
        var model = (await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.LinearSvm))).ModelId!;
        var other = (await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, kind, Epochs: 1))).ModelId!;
        var models = Path.Combine(fixture.DataDirectory, "models");
        // A copy of the second model whose every file but its description is cut short, as a crash or a full disk leaves it.
        var broken = Path.Combine(models, "m-0000broken00");
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.GetFiles(Path.Combine(models, other)))
        {
            var copy = Path.Combine(broken, Path.GetFileName(file));
            if (file.EndsWith(".json", StringComparison.Ordinal))
            {
                File.Copy(file, copy);
            }
            else
            {
                File.WriteAllBytes(copy, File.ReadAllBytes(file)[..3]);
            }
        }

        using var later = new EmbeddedEngine(new EngineOptions { DataDirectory = fixture.DataDirectory });

        Assert.Equal(new[] { model, other }.Order(), (await later.ListModelsAsync()).Select(m => m.Id).Order());
        var unreadable = await Assert.ThrowsAsync<EngineException>(() => later.PredictAsync(new PredictRequest("m-0000broken00", dataset.Info.Id, DatasetSplit.Test, [0])));
        Assert.StartsWith("Model 'm-0000broken00' is saved but cannot be read (", unreadable.Message, StringComparison.Ordinal);
    }

    private async Task<(InMemoryDataset Dataset, string ModelId)> TrainAsync()
    {
        var (dataset, _) = SyntheticData.BrightPatch(200, 50, side: 8, patch: 3);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.LinearSvm));
        return (dataset, job.ModelId!);
    }
}
