using ExplainHub.Engine.Data;
using ExplainHub.Engine.Jobs;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Services;

/// <summary>Data sets: the built-in ones, imports (at once or as jobs) and the images of a split.</summary>
public sealed class DatasetService(DatasetCatalog datasets, JobRunner jobs, TorchRuntimeService runtime)
{
    public DatasetInfo Import(DatasetImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        runtime.EnsureStarted();
        return datasets.Import(request, _ => { }, cancellationToken);
    }

    public JobInfo StartImport(DatasetImportRequest request)
    {
        datasets.Check(request);
        runtime.EnsureStarted();
        return jobs.StartImport(request, job =>
        {
            var progress = new ImportProgress(job);
            return datasets.Import(request, progress.Read, job.CancellationToken).Id;
        }).Info;
    }

    public IReadOnlyList<DatasetInfo> List() => datasets.List();

    public ImageBatch Images(ImagesRequest request)
    {
        var dataset = datasets.Get(request.DatasetId);
        var part = dataset.Part(request.Split);
        ImageSelection.CheckIndices(request.Indices, part.Count, request.Split);
        var selected = part.Select(request.Indices);
        var info = dataset.Info;
        return new ImageBatch(selected.Count, info.Channels, info.Height, info.Width, selected.Pixels, selected.Labels,
            request.Indices.ToArray());
    }
}
