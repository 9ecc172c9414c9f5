using System.Globalization;
using ExplainHub.Engine.Imaging;
using ExplainHub.Server.Training;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Server.Models;

/// <summary>
/// Everything the Models page does, without Blazor: every trained model with its facts, and for the one chosen its
/// classification report and confusion matrix on the test split and its internal representation (seed 000's w_c
/// images, pre-images, importance images; a network's first two layers' feature maps of one image), and deletion of
/// a model after the user confirms it.
/// </summary>
public sealed class ModelsViewState
{
    private readonly IEngine _engine;
    private readonly ILogger _logger;
    private int _request;

    public ModelsViewState(IEngine engine, ILogger<ModelsViewState>? logger = null)
    {
        _engine = engine;
        _logger = logger ?? NullLogger<ModelsViewState>.Instance;
    }

    public IReadOnlyList<ModelInfo> Models { get; private set; } = [];

    public ModelInfo? Selected { get; private set; }

    public ClassificationReport? Report { get; private set; }

    public ModelRepresentation? Representation { get; private set; }

    public IReadOnlyList<RepresentationTile> RepresentationTiles { get; private set; } = [];

    /// <summary>The test image whose feature maps a network's representation shows.</summary>
    public int ImageIndex { get; set; }

    public bool IsLoading { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Why the report or representation of the chosen model could not be made (the rest of the page stands).</summary>
    public string? ReportError { get; private set; }

    public string? RepresentationError { get; private set; }

    /// <summary>The model the user asked to delete and has yet to confirm.</summary>
    public ModelInfo? PendingDeletion { get; private set; }

    public bool IsDeleting { get; private set; }

    /// <summary>What the last deletion did, for the page to say.</summary>
    public string? Notice { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            Models = (await _engine.ListModelsAsync()).OrderByDescending(m => m.Created).ToArray();
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    /// <summary>Shows one model's report and representation; a later choice wins over one still loading.</summary>
    public async Task SelectAsync(string modelId)
    {
        if (Models.FirstOrDefault(m => m.Id == modelId) is not { } model)
        {
            Error = $"No model '{modelId}'.";
            return;
        }

        var request = ++_request;
        Selected = model;
        Report = null;
        Representation = null;
        RepresentationTiles = [];
        ReportError = RepresentationError = null;
        IsLoading = true;
        try
        {
            var report = await TryAsync(() => _engine.ReportAsync(new ReportRequest(model.Id, model.DatasetId)), e => ReportError = e);
            var representation = await TryAsync(() => _engine.RepresentAsync(new RepresentationRequest(model.Id, DatasetSplit.Test, ImageIndex)), e => RepresentationError = e);
            if (request == _request)
            {
                Report = report;
                Representation = representation;
                RepresentationTiles = representation is null ? [] : Tiles(representation);
            }
        }
        finally
        {
            if (request == _request)
            {
                IsLoading = false;
            }
        }
    }

    /// <summary>Asks for confirmation before <see cref="ConfirmDeletionAsync"/> deletes the chosen model.</summary>
    public void RequestDeletion()
    {
        PendingDeletion = Selected;
        Notice = null;
    }

    public void CancelDeletion() => PendingDeletion = null;

    /// <summary>
    /// Deletes the model awaiting confirmation; the list is read again either way (another page may have changed it).
    /// A refusal — a job still reads the model — is shown and the model stays chosen.
    /// </summary>
    public async Task ConfirmDeletionAsync()
    {
        if (PendingDeletion is not { } model || IsDeleting)
        {
            return;
        }

        IsDeleting = true;
        Error = null;
        try
        {
            var deleted = await _engine.DeleteModelAsync(model.Id);
            Notice = $"Deleted {deleted.Name} ({deleted.Id}).";
            if (Selected?.Id == model.Id)
            {
                ++_request;
                Selected = null;
                Report = null;
                Representation = null;
                RepresentationTiles = [];
                ReportError = RepresentationError = null;
                IsLoading = false;
            }
        }
        catch (EngineException e)
        {
            _logger.LogInformation("Model page: deleting {Model}: {Message}", model.Id, e.Message);
            Error = e.Message;
        }
        finally
        {
            PendingDeletion = null;
            IsDeleting = false;
        }

        await InitializeAsync();
    }

    /// <summary>A network's feature maps of another test image; other representations do not depend on the image.</summary>
    public async Task ShowImageAsync(int index)
    {
        if (Selected is not { } model)
        {
            return;
        }

        ImageIndex = Math.Max(0, index);
        var representation = await TryAsync(() => _engine.RepresentAsync(new RepresentationRequest(model.Id, DatasetSplit.Test, ImageIndex)), e => RepresentationError = e);
        if (representation is not null)
        {
            Representation = representation;
            RepresentationTiles = Tiles(representation);
            RepresentationError = null;
        }
    }

    /// <summary>Signed weights blue-white-red around zero; non-negative pictures white to red; feature maps as one mosaic per layer.</summary>
    public static IReadOnlyList<RepresentationTile> Tiles(ModelRepresentation representation)
    {
        if (representation.Kind == RepresentationKinds.FeatureMaps)
        {
            return representation.Images.GroupBy(i => i.Layer ?? "layer").Select(layer =>
            {
                var maps = layer.ToArray();
                var (height, width) = (maps[0].Height ?? representation.Height, maps[0].Width ?? representation.Width);
                var png = RepresentationPicture.MosaicPng(maps.Select(m => m.Values).ToArray(), height, width, Math.Clamp(48 / Math.Max(height, width), 1, 4));
                return new RepresentationTile(layer.Key, PngEncoder.ToDataUrl(png), string.Create(CultureInfo.InvariantCulture, $"{maps.Length} channels, {height}×{width}"));
            }).ToArray();
        }

        var signed = representation.Kind == RepresentationKinds.ClassWeights;
        var scale = Math.Clamp(96 / Math.Max(representation.Height, representation.Width), 1, 8);
        return representation.Images.Select(image => new RepresentationTile(
            image.Label,
            PngEncoder.ToDataUrl(RepresentationPicture.Png(image.Values, representation.Channels, representation.Height, representation.Width, signed, scale)),
            image.Bias is { } bias ? string.Create(CultureInfo.InvariantCulture, $"b = {bias:0.###}") : null)).ToArray();
    }

    private async Task<T?> TryAsync<T>(Func<Task<T>> work, Action<string> fail)
        where T : class
    {
        try
        {
            return await work();
        }
        catch (EngineException e)
        {
            _logger.LogInformation("Model page: {Message}", e.Message);
            fail(e.Message);
            return null;
        }
    }
}
