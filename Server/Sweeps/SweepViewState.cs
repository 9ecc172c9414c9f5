using System.Globalization;
using ExplainHub.Server.Training;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Server.Sweeps;

/// <summary>
/// The sweep page without Blazor: pick a classical kind, the setting to vary and its values, run the sweep as an
/// engine job and fold each finished point into accuracy curves (seed 000 Figures 1–7) and a table.
/// </summary>
/// <remarks>
/// The curves' X is the value itself for numeric settings and the point's position for kernels. Leaving the page
/// stops the watching, not the sweep. State changes happen inside <see cref="IViewHost.InvokeAsync"/> or UI events.
/// </remarks>
public sealed class SweepViewState : IAsyncDisposable
{
    public const string DatasetId = TrainingViewState.DatasetId;

    private readonly IEngine _engine;
    private readonly IViewHost _host;
    private readonly ILogger _logger;
    private CancellationTokenSource? _watch;

    public SweepViewState(IEngine engine, IViewHost host, ILogger<SweepViewState>? logger = null)
    {
        _engine = engine;
        _host = host;
        _logger = logger ?? NullLogger<SweepViewState>.Instance;
    }

    public static IReadOnlyList<SweepParameter> Parameters { get; } = Enum.GetValues<SweepParameter>();

    public SweepParameter Parameter { get; private set; } = SweepParameter.Estimators;

    public string Kind { get; set; } = ModelKinds.AdaBoost;

    public string ValuesText { get; set; } = "10,50,100";

    public int? TrainSubset { get; set; } = 5000;

    public int? TestSubset { get; set; } = 2000;

    public static IReadOnlyList<string> WeakLearnerChoices => WeakLearners.All;

    public static IReadOnlyList<string> BoostingChoices => BoostingAlgorithms.All;

    /// <summary>AdaBoost's weak learner; "cart" with "samme.r" is scikit-learn's AdaBoostClassifier.</summary>
    public string WeakLearner { get; set; } = WeakLearners.XGBoost;

    public string BoostingAlgorithm { get; set; } = BoostingAlgorithms.Samme;

    /// <summary>The weak learner and the variant are asked for only when the kind is AdaBoost.</summary>
    public bool ChoosesBoosting => Kind == ModelKinds.AdaBoost;

    public IReadOnlyList<string> Kinds => SweepParameterNames.KindsFor(Parameter);

    public TrainingStatus Status { get; private set; }

    public JobInfo? Job { get; private set; }

    public TrainingProgress? Latest { get; private set; }

    /// <summary>A new list on every point, so that the grid sees a new data source and draws the new row.</summary>
    public IReadOnlyList<SweepPoint> Points { get; private set; } = [];

    public CurveSeries TestAccuracy { get; private set; } = new("test accuracy");

    public CurveSeries TrainAccuracy { get; private set; } = new("train accuracy");

    /// <summary>Support vectors per point, for the SVC kinds (seed 000 Figures 6 and 7 draw them beside accuracy).</summary>
    public CurveSeries SupportVectors { get; private set; } = new("support vectors");

    public bool HasSupportVectors => SupportVectors.Points.Count > 0;

    /// <summary>Bumped whenever the curves are replaced, so the chart redraws instead of extending.</summary>
    public int Generation { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Completes when the current watch has ended.</summary>
    public Task WatchCompletion { get; private set; } = Task.CompletedTask;

    public bool CanStart => Status is not (TrainingStatus.Starting or TrainingStatus.Running or TrainingStatus.Stopping);

    public bool CanStop => Status == TrainingStatus.Running && Job is not null;

    public string ParameterName => SweepParameterNames.Name(Parameter);

    public string ProgressLine => Latest is { } p && Status == TrainingStatus.Running
        ? string.Create(CultureInfo.InvariantCulture, $"point {p.Epoch} of {p.Epochs} · step {p.Batch}/{p.BatchesPerEpoch}")
        : string.Empty;

    /// <summary>Choosing another setting keeps the kind when it has that setting, else takes the first kind that has.</summary>
    public void SelectParameter(SweepParameter parameter)
    {
        Parameter = parameter;
        if (!Kinds.Contains(Kind))
        {
            Kind = Kinds[0];
        }

        ValuesText = parameter switch
        {
            SweepParameter.Estimators => "10,50,100",
            SweepParameter.MaxDepth => "2,4,8",
            SweepParameter.Components => "50,100,200",
            SweepParameter.Kernel => "linear,poly,rbf,sigmoid",
            _ => "0.01,0.1,1,10",
        };
    }

    /// <summary>The AdaBoost choices when they differ from the defaults; otherwise null, which leaves every setting to the family.</summary>
    private ClassicalOptions? ClassicalSettings()
    {
        var defaults = new ClassicalOptions();
        return ChoosesBoosting && (WeakLearner != defaults.WeakLearner || BoostingAlgorithm != defaults.BoostingAlgorithm)
            ? defaults with { WeakLearner = WeakLearner, BoostingAlgorithm = BoostingAlgorithm }
            : null;
    }

    public async Task StartAsync()
    {
        if (!CanStart)
        {
            return;
        }

        var values = ValuesText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length == 0)
        {
            ReportError("Give at least one value, separated by commas.");
            _host.Changed();
            return;
        }

        Status = TrainingStatus.Starting;
        Error = null;
        Latest = null;
        Job = null;
        Points = [];
        TestAccuracy = new CurveSeries("test accuracy");
        TrainAccuracy = new CurveSeries("train accuracy");
        SupportVectors = new CurveSeries("support vectors");
        Generation++;
        _host.Changed();

        try
        {
            var request = new SweepRequest(
                new TrainRequest(DatasetId, Kind, TrainSubset: TrainSubset is > 0 ? TrainSubset : null, TestSubset: TestSubset is > 0 ? TestSubset : null,
                    Classical: ClassicalSettings()),
                Parameter,
                values);
            Job = await _engine.StartSweepAsync(request);
            Status = TrainingStatus.Running;
            BeginWatch(Job.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Status = TrainingStatus.Failed;
            ReportError(e.Message);
        }

        _host.Changed();
    }

    public async Task StopAsync()
    {
        if (!CanStop || Job is not { } job)
        {
            return;
        }

        Status = TrainingStatus.Stopping;
        _host.Changed();
        try
        {
            await _engine.CancelJobAsync(job.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Status = TrainingStatus.Running;
            ReportError(e.Message);
        }

        _host.Changed();
    }

    public ValueTask DisposeAsync()
    {
        StopWatching();
        return ValueTask.CompletedTask;
    }

    private void BeginWatch(string jobId)
    {
        StopWatching();
        _watch = new CancellationTokenSource();
        WatchCompletion = Task.Run(() => WatchAsync(jobId, _watch.Token));
    }

    private void StopWatching()
    {
        if (_watch is { } watch)
        {
            _watch = null;
            watch.Cancel();
            watch.Dispose();
        }
    }

    private async Task WatchAsync(string jobId, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var progress in ReconnectingJobWatch.WatchAsync(_engine, jobId, cancellationToken: cancellationToken))
            {
                await _host.InvokeAsync(() =>
                {
                    Fold(progress);
                    _host.Changed();
                    return Task.CompletedTask;
                });
            }

            var final = await _engine.GetJobAsync(jobId, cancellationToken);
            await _host.InvokeAsync(() =>
            {
                Job = final;
                Status = final.State switch
                {
                    JobState.Completed => TrainingStatus.Completed,
                    JobState.Cancelled => TrainingStatus.Cancelled,
                    _ => TrainingStatus.Failed,
                };
                if (final.State == JobState.Failed)
                {
                    ReportError($"The sweep failed: {final.Error ?? "no reason given"}");
                }

                _host.Changed();
                return Task.CompletedTask;
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Watching sweep {JobId} failed", jobId);
            await _host.InvokeAsync(() =>
            {
                Status = TrainingStatus.Failed;
                ReportError($"Lost the sweep's progress: {e.Message}");
                _host.Changed();
                return Task.CompletedTask;
            });
        }
    }

    private void Fold(TrainingProgress progress)
    {
        Latest = progress;

        // Only the epoch report of a point carries it; the final report repeats the last one's fields.
        if (progress.Phase != TrainingPhase.Epoch || progress.Point is not { } point)
        {
            return;
        }

        Points = [.. Points, point];
        var x = Parameter != SweepParameter.Kernel && double.TryParse(point.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : point.Index;
        TestAccuracy.Add(new CurvePoint(x, point.TestAccuracy));
        TrainAccuracy.Add(new CurvePoint(x, point.TrainAccuracy));
        if (point.SupportVectors is { } vectors)
        {
            SupportVectors.Add(new CurvePoint(x, vectors));
        }
    }

    private void ReportError(string message)
    {
        Error = message;
        _host.ShowError(message);
    }
}
