using ExplainHub.Server.Training;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Server.Leaderboards;

/// <summary>
/// Everything the Leaderboards page does, without Blazor: the stored evaluations as seed 002's Table 1 (SCG/CCG per ρ,
/// best per column, n and exclusions), a launcher that scores the Table-1 functions of chosen models as an engine job
/// with progress and cancel, and the models ranked by test accuracy. A page opened while an evaluation runs follows it.
/// </summary>
public sealed class LeaderboardViewState : IAsyncDisposable
{
    private readonly IEngine _engine;
    private readonly IViewHost _host;
    private readonly ILogger _logger;
    private readonly FollowedJob _evaluation;
    private bool _disposed;

    public LeaderboardViewState(IEngine engine, IViewHost host, ILogger<LeaderboardViewState>? logger = null)
    {
        _engine = engine;
        _host = host;
        _logger = logger ?? NullLogger<LeaderboardViewState>.Instance;
        _evaluation = new FollowedJob(engine, host);
    }

    public IReadOnlyList<EvaluationInfo> Evaluations { get; private set; } = [];

    public IReadOnlyList<ModelInfo> Models { get; private set; } = [];

    public EvaluationResult? Result { get; private set; }

    public ScoreLeaderboard? Board { get; private set; }

    /// <summary>The models the launcher scores (all of one data set: an evaluation explains the same images with each).</summary>
    public IReadOnlyList<string> SelectedModels { get; private set; } = [];

    public int Images { get; set; } = EvaluationRequest.DefaultImages;

    public bool IncludeCurves { get; set; }

    public JobInfo? Job => _evaluation.Job;

    public TrainingProgress? Latest => _evaluation.Latest;

    public bool IsRunning => _evaluation.IsActive;

    public double ProgressFraction => _evaluation.Fraction;

    public string ProgressText => Latest is { } p
        ? $"{p.Step ?? "scoring"} · {p.Batch}/{p.BatchesPerEpoch}{(p.EtaSeconds > 0 ? $" · ETA {ProgressFormatting.FormatDuration(TimeSpan.FromSeconds(p.EtaSeconds))}" : "")}"
        : IsRunning ? "starting…" : "";

    /// <summary>Functions of the Table-1 preset that did not apply to a chosen model, with the reason.</summary>
    public IReadOnlyList<string> Skipped { get; private set; } = [];

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    /// <summary>Trained models ranked by test accuracy, the untested last.</summary>
    public IReadOnlyList<ModelInfo> AccuracyRanking => Models.OrderByDescending(m => m.TestAccuracy ?? -1).ThenBy(m => m.Name, StringComparer.Ordinal).ToArray();

    public async Task InitializeAsync()
    {
        try
        {
            Models = await _engine.ListModelsAsync();
            SelectedModels = Models.OrderByDescending(m => m.Created).Take(2).Where(m => m.DatasetId == Models.OrderByDescending(x => x.Created).First().DatasetId)
                .Select(m => m.Id).ToArray();
            await RefreshEvaluationsAsync();
            if (Evaluations.Count > 0)
            {
                await SelectEvaluationAsync(Evaluations[0].Id);
            }

            var running = (await _engine.ListJobsAsync()).FirstOrDefault(j => j.Evaluation is not null && j.State is JobState.Queued or JobState.Running);
            if (running is not null)
            {
                Follow(running);
            }
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    public async Task SelectEvaluationAsync(string evaluationId)
    {
        try
        {
            Result = await _engine.GetEvaluationAsync(evaluationId);
            Board = ScoreLeaderboard.From(Result);
            Error = null;
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    public void SelectModels(IEnumerable<string> modelIds)
    {
        var chosen = modelIds.ToHashSet();
        SelectedModels = Models.Where(m => chosen.Contains(m.Id)).Select(m => m.Id).ToArray();
    }

    public string ModelName(string modelId) => Models.FirstOrDefault(m => m.Id == modelId)?.Name ?? modelId;

    /// <summary>Scores seed 002's Table-1 functions (those that apply) of the chosen models on <see cref="Images"/> test images, both bases, ρ 25% and 5%.</summary>
    public async Task StartAsync()
    {
        Error = null;
        Message = null;
        var chosen = Models.Where(m => SelectedModels.Contains(m.Id)).ToArray();
        if (chosen.Length == 0)
        {
            Error = "Choose at least one model to score.";
            return;
        }

        if (chosen.Select(m => m.DatasetId).Distinct().Count() > 1)
        {
            Error = "An evaluation explains the same images with every model: choose models of one data set.";
            return;
        }

        if (Images is < 1 or > EvaluationRequest.MaxImages)
        {
            Error = $"Score 1 to {EvaluationRequest.MaxImages:N0} images, not {Images}.";
            return;
        }

        try
        {
            var methods = new List<(string ModelId, IReadOnlyList<MethodAvailability> Methods)>();
            foreach (var model in chosen)
            {
                methods.Add((model.Id, await _engine.GetMethodsAsync(model.Id)));
            }

            var resolved = PresetExplainers.Resolve(methods, EvaluationPresets.Table1Functions, EvaluationPresets.Table1Agreements);
            Skipped = resolved.Skipped;
            if (resolved.Explainers.Count == 0)
            {
                Error = "None of the Table-1 functions applies to the chosen models.";
                return;
            }

            var request = new EvaluationRequest(chosen[0].DatasetId, resolved.Explainers, Images: Images, Agreements: resolved.Agreements,
                CurveSteps: IncludeCurves ? 20 : 0, Name: $"Table 1 · {string.Join(", ", chosen.Select(m => m.Name))}");
            Follow(await _engine.StartEvaluationAsync(request));
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    public async Task CancelAsync() => Error = await _evaluation.CancelAsync() ?? Error;

    private void Follow(JobInfo job) => _evaluation.Follow(job,
        async finished =>
        {
            switch (finished.State)
            {
                case JobState.Completed when finished.EvaluationId is { } id:
                    await RefreshEvaluationsAsync();
                    await SelectEvaluationAsync(id);
                    Message = $"Evaluation finished: {Result?.Rows.Count ?? 0} rows in {Result?.Seconds ?? 0:0} s.";
                    break;
                case JobState.Failed:
                    Error = $"The evaluation failed: {finished.Error ?? "no reason given"}";
                    break;
                case JobState.Cancelled:
                    Message = "The evaluation was cancelled; nothing was stored.";
                    break;
            }
        },
        e =>
        {
            _logger.LogWarning(e, "Watching evaluation {JobId} failed", job.Id);
            Error = e.Message;
        });

    private async Task RefreshEvaluationsAsync() =>
        Evaluations = (await _engine.ListEvaluationsAsync()).OrderByDescending(e => e.Created).ToArray();

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _evaluation.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
