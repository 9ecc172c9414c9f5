using System.Globalization;
using ExplainHub.Engine.Imaging;
using ExplainHub.Server.Models;
using ExplainHub.Server.Training;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Server.Perturbations;

/// <summary>
/// Everything the Perturbations page does, without Blazor (seed 004): a run of the U-Net autoencoder through a trained
/// network as an engine job with progress and cancel, Table 4.1 of every combined model ("full" runs marked), and
/// for one combined model and test image the seed's figures — input, output, difference map, Grad-CAM of the
/// classifier before and after (each correct or not) and the classifier's first two layers on both.
/// </summary>
public sealed class PerturbationViewState : IAsyncDisposable
{
    /// <summary>The page's default run: the first 10,000 training images, enough to see the effect in minutes on a CPU.</summary>
    public const int DefaultTrainSubset = 10_000;

    private readonly IEngine _engine;
    private readonly ILogger _logger;
    private readonly FollowedJob _run;
    private int _figureRequest;
    private bool _disposed;

    public PerturbationViewState(IEngine engine, IViewHost host, ILogger<PerturbationViewState>? logger = null)
    {
        _engine = engine;
        _logger = logger ?? NullLogger<PerturbationViewState>.Instance;
        _run = new FollowedJob(engine, host);
    }

    public IReadOnlyList<ModelInfo> Models { get; private set; } = [];

    /// <summary>The networks of the zoo an autoencoder can be fine-tuned through.</summary>
    public IReadOnlyList<ModelInfo> Classifiers => Models.Where(m => ModelKinds.IsNetwork(m.Kind)).ToArray();

    /// <summary>Combined models, oldest first: Table 4.1's rows.</summary>
    public IReadOnlyList<ModelInfo> Combined => Models.Where(m => m.Facts?.Perturbation is not null).OrderBy(m => m.Created).ToArray();

    public string? ClassifierId { get; set; }

    public int ReconstructionEpochs { get; set; } = 1;

    public int FineTuneEpochs { get; set; } = 1;

    public int BatchSize { get; set; } = 32;

    public double LearningRate { get; set; } = 1e-3;

    public double ReconstructionWeight { get; set; }

    /// <summary>Training images to use; null: the whole training split.</summary>
    public int? TrainSubset { get; set; } = DefaultTrainSubset;

    /// <summary>Levels of the U-Net, comma separated (the reference's 32,64,128,256 by default).</summary>
    public string Widths { get; set; } = "32,64,128,256";

    /// <summary>The seed's "full" rows: the test split is trained on too; every figure of such a model says so.</summary>
    public bool IncludeTestImages { get; set; }

    public JobInfo? Job => _run.Job;

    public bool IsRunning => _run.IsActive;

    /// <summary>Both phases' batches done of all.</summary>
    public double ProgressFraction => _run.Latest is { BatchesPerEpoch: > 0, Epochs: > 0 } p
        ? Math.Clamp((((p.Epoch - 1) * p.BatchesPerEpoch) + p.Batch) / (double)(p.Epochs * p.BatchesPerEpoch), 0, 1)
        : 0;

    public string ProgressText => Job is { State: JobState.Completed } done
        ? $"Done: model {done.ModelId}."
        : _run.Latest is { Phase: TrainingPhase.Evaluation } evaluating
        ? $"{evaluating.Step} of the classifier and the combined model…"
        : _run.Latest is { } p
        ? string.Create(CultureInfo.InvariantCulture,
            $"{p.Step ?? "starting"} · epoch {p.Epoch}/{p.Epochs} · batch {p.Batch}/{p.BatchesPerEpoch} · loss {p.Loss:0.0000}{(p.EtaSeconds > 0 ? $" · ETA {ProgressFormatting.FormatDuration(TimeSpan.FromSeconds(p.EtaSeconds))}" : "")}")
        : IsRunning ? "queued…" : "";

    public ModelInfo? Selected { get; private set; }

    public int ImageIndex { get; private set; }

    /// <summary>An uploaded image shown instead of test image <see cref="ImageIndex"/>; the engine converts it to the model's input.</summary>
    public UploadedImage? Upload { get; private set; }

    public PerturbationFigures? Figures { get; private set; }

    public bool IsLoadingFigures { get; private set; }

    public string? Error { get; private set; }

    public string? FigureError { get; private set; }

    public string? Message { get; private set; }

    /// <summary>What is wrong with the run's settings, in words; the Start button waits until there is nothing.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (ClassifierId is null || Classifiers.All(m => m.Id != ClassifierId))
            {
                problems.Add("Choose a trained network to fine-tune through (train one on the Train page).");
            }

            var widths = ParseWidths();
            if (widths is null)
            {
                problems.Add("Widths are whole numbers, one per level, comma separated (e.g. 32,64,128,256).");
            }

            // Unreadable widths are named above; the limits check the numbers that were read.
            problems.AddRange(PerturbationLimits.Problems(ReconstructionEpochs, FineTuneEpochs, BatchSize, LearningRate, ReconstructionWeight, TrainSubset, widths));
            return problems;
        }
    }

    public async Task InitializeAsync()
    {
        try
        {
            await RefreshModelsAsync();
            // The seed fine-tunes through VGG-16-BN: the newest of those, else the newest network.
            ClassifierId = Classifiers.OrderByDescending(m => m.Kind == ModelKinds.Vgg16Bn).ThenByDescending(m => m.Created).FirstOrDefault()?.Id;
            if (Combined is [.., var newest])
            {
                await SelectAsync(newest.Id);
            }

            var running = (await _engine.ListJobsAsync()).FirstOrDefault(j => j.Perturbation is not null && j.State is JobState.Queued or JobState.Running);
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

    public async Task StartAsync()
    {
        Error = null;
        Message = null;
        if (Problems.Count > 0 || ParseWidths() is not { } widths)
        {
            Error = string.Join(" ", Problems);
            return;
        }

        try
        {
            Follow(await _engine.StartPerturbationAsync(new PerturbationRequest(ClassifierId!, ReconstructionEpochs, FineTuneEpochs, BatchSize, LearningRate,
                ReconstructionWeight, TrainSubset, IncludeTestImages, Widths: widths)));
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    public async Task CancelAsync() => Error = await _run.CancelAsync() ?? Error;

    /// <summary>Shows a combined model's figures for the current image; a later choice wins over one still loading.</summary>
    public async Task SelectAsync(string modelId)
    {
        Selected = Combined.FirstOrDefault(m => m.Id == modelId);
        if (Selected is null)
        {
            FigureError = $"'{modelId}' is not a combined model.";
            return;
        }

        await LoadFiguresAsync();
    }

    public async Task ShowImageAsync(int index)
    {
        ImageIndex = Math.Max(0, index);
        Upload = null;
        await LoadFiguresAsync();
    }

    /// <summary>The figures for an image file instead of a test image (no label, so no right or wrong).</summary>
    public async Task ShowUploadAsync(string name, byte[] content)
    {
        Upload = new UploadedImage(name, content);
        await LoadFiguresAsync();
    }

    private async Task LoadFiguresAsync()
    {
        if (Selected is not { Facts.Perturbation: { } facts } model)
        {
            return;
        }

        var request = ++_figureRequest;
        IsLoadingFigures = true;
        FigureError = null;
        try
        {
            var upload = Upload;
            var indices = upload is null ? new[] { ImageIndex } : [];
            var uploads = upload is null ? null : new[] { upload };
            var image = await _engine.PerturbAsync(new PerturbationImageRequest(model.Id, DatasetSplit.Test, ImageIndex, upload));
            var explainedBefore = await _engine.ExplainAsync(new ExplainRequest(facts.ClassifierModelId, model.DatasetId, DatasetSplit.Test, indices,
                ExplanationMethods.GradCam, Uploads: uploads));
            var after = (await _engine.ExplainAsync(new ExplainRequest(model.Id, model.DatasetId, DatasetSplit.Test, indices, ExplanationMethods.GradCam,
                Uploads: uploads))).Explanations[0];
            var mapsBefore = await _engine.RepresentAsync(new RepresentationRequest(facts.ClassifierModelId, DatasetSplit.Test, ImageIndex, upload));
            var mapsAfter = await _engine.RepresentAsync(new RepresentationRequest(model.Id, DatasetSplit.Test, ImageIndex, upload));
            if (request == _figureRequest)
            {
                Figures = PerturbationFigures.Of(model, image, explainedBefore.Explanations[0], after, ModelsViewState.Tiles(mapsBefore), ModelsViewState.Tiles(mapsAfter))
                    with { Notices = explainedBefore.Notices ?? [] };
            }
        }
        catch (EngineException e)
        {
            _logger.LogInformation("Perturbation figures: {Message}", e.Message);
            if (request == _figureRequest)
            {
                FigureError = e.Message;
                Figures = null;
            }
        }
        finally
        {
            if (request == _figureRequest)
            {
                IsLoadingFigures = false;
            }
        }
    }

    /// <summary>The widths field as numbers, or null when it holds something else (its limits are PerturbationLimits').</summary>
    private IReadOnlyList<int>? ParseWidths()
    {
        var widths = new List<int>();
        foreach (var part in Widths.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var width))
            {
                return null;
            }

            widths.Add(width);
        }

        return widths;
    }

    private void Follow(JobInfo job) => _run.Follow(job,
        async finished =>
        {
            switch (finished.State)
            {
                case JobState.Completed when finished.ModelId is { } id:
                    await RefreshModelsAsync();
                    await SelectAsync(id);
                    Message = $"The combined model {id} is ready: its Table 4.1 row is below.";
                    break;
                case JobState.Failed:
                    Error = $"The run failed: {finished.Error ?? "no reason given"}";
                    break;
                case JobState.Cancelled:
                    Message = "The run was cancelled; no model was kept.";
                    break;
            }
        },
        e =>
        {
            _logger.LogWarning(e, "Watching perturbation run {JobId} failed", job.Id);
            Error = e.Message;
        });

    private async Task RefreshModelsAsync() => Models = (await _engine.ListModelsAsync()).OrderByDescending(m => m.Created).ToArray();

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _run.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
