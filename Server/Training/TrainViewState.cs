using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Server.Training;

/// <summary>
/// Everything the Train page does, without Blazor: a typed form for any model kind, as many jobs as anyone starts
/// (the engine queues them), a live card per job with its curves, cancel, and resuming a checkpointed run. Jobs
/// started elsewhere (another browser, the CLI) get cards too, and a reloaded page picks its running jobs up again.
/// </summary>
public sealed class TrainViewState : IAsyncDisposable
{
    /// <summary>Cards kept: the active jobs and the most recent finished ones.</summary>
    public const int MaxCards = 12;

    private readonly IEngine _engine;
    private readonly IViewHost _host;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TrainJobCard> _cards = [];

    public TrainViewState(IEngine engine, IViewHost host, ILogger<TrainViewState>? logger = null)
    {
        _engine = engine;
        _host = host;
        _logger = logger ?? NullLogger<TrainViewState>.Instance;
    }

    public TrainForm Form { get; } = new();

    public IReadOnlyList<DatasetInfo> Datasets { get; private set; } = [];

    public DatasetInfo? Dataset { get; private set; }

    public IReadOnlyList<ModelInfo> Models { get; private set; } = [];

    /// <summary>Networks trained on <see cref="Dataset"/>: what CNN+SVM and SVM+Mask can read.</summary>
    public IReadOnlyList<ModelInfo> SourceNetworks => Models.Where(m => m.DatasetId == Dataset?.Id && ModelKinds.IsNetwork(m.Kind)).ToArray();

    public IReadOnlyList<CheckpointInfo> Checkpoints { get; private set; } = [];

    public IReadOnlyList<TrainJobCard> Cards => _cards;

    public IReadOnlyDictionary<TrainField, string> Problems => Form.Problems(Dataset, Models);

    public string? Error { get; private set; }

    public async Task InitializeAsync(string? preferredDatasetId = null)
    {
        try
        {
            Datasets = await _engine.ListDatasetsAsync(_stop.Token);
            Dataset = Datasets.FirstOrDefault(d => d.Id == (preferredDatasetId ?? TrainingViewState.DatasetId))
                ?? Datasets.FirstOrDefault(d => d.Id == TrainingViewState.DatasetId) ?? (Datasets.Count > 0 ? Datasets[0] : null);
            await RefreshModelsAsync();
            var jobs = await _engine.ListJobsAsync(_stop.Token);
            foreach (var job in jobs.Where(IsTraining).OrderByDescending(j => j.Created).Take(MaxCards).Reverse())
            {
                Add(job);
            }
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    public void SelectDataset(string datasetId) => Dataset = Datasets.FirstOrDefault(d => d.Id == datasetId) ?? Dataset;

    /// <summary>Sends the form as a job when every field is right; otherwise the fields say what is wrong.</summary>
    public async Task StartAsync()
    {
        if (Dataset is not { } dataset || Problems.Count > 0)
        {
            return;
        }

        try
        {
            Add(await _engine.StartTrainingAsync(Form.ToRequest(dataset.Id), _stop.Token));
            Error = null;
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    public async Task ResumeAsync(string checkpointId)
    {
        try
        {
            Add(await _engine.ResumeTrainingAsync(checkpointId, _stop.Token));
            Error = null;
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    public async Task CancelAsync(TrainJobCard card)
    {
        try
        {
            await _engine.CancelJobAsync(card.Id, _stop.Token);
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    private static bool IsTraining(JobInfo job) => job is { Request: not null, Sweep: null, Evaluation: null, Import: null };

    private void Add(JobInfo job)
    {
        if (_cards.Any(c => c.Id == job.Id))
        {
            return;
        }

        var card = new TrainJobCard(job);
        _cards.Insert(0, card);
        if (_cards.Count > MaxCards && _cards.FindLastIndex(c => !c.IsActive) is var oldest and >= 0)
        {
            _cards.RemoveAt(oldest);
        }

        if (card.IsActive)
        {
            _ = WatchAsync(card);
        }
    }

    // The engine replays a job's progress so far to a new watcher, so a card opened mid-run draws the whole curve.
    private Task WatchAsync(TrainJobCard card) => JobWatch.FollowAsync(_engine, _host, card.Id,
        card.Fold,
        async finished =>
        {
            card.Job = finished;
            await RefreshModelsAsync();
        },
        e =>
        {
            _logger.LogWarning(e, "Watching training job {JobId} failed", card.Id);
            Error = e.Message;
        },
        _stop.Token);

    private async Task RefreshModelsAsync()
    {
        Models = await _engine.ListModelsAsync(_stop.Token);
        Checkpoints = (await _engine.ListCheckpointsAsync(_stop.Token)).OrderByDescending(c => c.Saved).ToArray();
        if (Form.SourceModel is null || SourceNetworks.All(m => m.Id != Form.SourceModel))
        {
            Form.SourceModel = SourceNetworks.OrderByDescending(m => m.Created).FirstOrDefault()?.Id;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
