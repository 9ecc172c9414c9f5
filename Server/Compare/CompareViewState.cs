using System.Diagnostics;
using ExplainHub.Engine.Explain.Agreement;
using ExplainHub.Engine.Imaging;
using ExplainHub.Server.Imaging;
using ExplainHub.Server.Sessions;
using ExplainHub.Server.Sessions.Snapshots;
using ExplainHub.Server.Training;
using ExplainHub.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExplainHub.Server.Compare;

/// <summary>
/// Everything the Compare page does, without Blazor: one image (of a split, or uploaded), a grid of models ×
/// importance functions whose tiles fill in as their maps arrive, one colour map and opacity for all of them, the
/// class explained, a tile enlarged, and how much the maps agree. Maps come through the shared
/// <see cref="ExplanationCache"/>, so restyling or returning to an image asks the engine nothing.
/// </summary>
public sealed class CompareViewState : IAsyncDisposable
{
    public const int DefaultModelCount = 4;

    /// <summary>Tiles and the image are drawn about this many pixels across.</summary>
    public const int TileSide = TileDrawing.TileSide;

    /// <summary>The agreement matrix compares top-25% masks, as the evaluation's default ρ.</summary>
    public const double AgreementRho = 0.25;

    private readonly IEngine _engine;
    private readonly ExplanationCache _cache;
    private readonly IViewHost _host;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IReadOnlyList<MethodAvailability>> _methods = [];
    private readonly Dictionary<string, IReadOnlyList<MethodParameter>> _parameters = [];
    private CancellationTokenSource? _run;
    private TileRef? _wantedEnlarged;
    private List<CompareTile> _tiles = [];
    private bool _disposed;

    public CompareViewState(IEngine engine, ExplanationCache cache, IViewHost host, ILogger<CompareViewState>? logger = null)
    {
        _engine = engine;
        _cache = cache;
        _host = host;
        _logger = logger ?? NullLogger<CompareViewState>.Instance;
    }

    public IReadOnlyList<DatasetInfo> Datasets { get; private set; } = [];

    public DatasetInfo? Dataset { get; private set; }

    /// <summary>The trained models of <see cref="Dataset"/>, newest first.</summary>
    public IReadOnlyList<ModelInfo> Models { get; private set; } = [];

    public IReadOnlyList<string> SelectedModels { get; private set; } = [];

    /// <summary>Every function that applies to at least one selected model, in the engine's order.</summary>
    public IReadOnlyList<MethodInfo> Methods { get; private set; } = [];

    public IReadOnlyList<string> SelectedMethods { get; private set; } = [];

    public CompareImage? Image { get; private set; }

    /// <summary>The image as the models see it (after conversion, for an upload), with its label (−1 for an upload).</summary>
    public ImageBatch? Picture
    {
        get;
        private set
        {
            field = value;
            PictureUrl = value is null ? null : ImagePicture.DataUrl(value, 0, TileSide);
        }
    }

    /// <summary><see cref="Picture"/> drawn once, as the page shows it beside the grid.</summary>
    public string? PictureUrl { get; private set; }

    /// <summary>How an upload was converted to the models' input.</summary>
    public IReadOnlyList<string> Notices { get; private set; } = [];

    /// <summary>The class every map explains; null: each model's own prediction.</summary>
    public int? TargetClass { get; private set; }

    public HeatmapStyle Style { get; private set; } = new();

    public IReadOnlyList<CompareTile> Tiles => _tiles;

    public CompareTile? Enlarged { get; private set; }

    public AgreementTable? Agreement { get; private set; }

    private string? _gridPngUrl;

    /// <summary>
    /// The grid as one PNG (the image, then a row per model and a column per function, as <c>explainhub compare</c>
    /// draws it), as a data URL to download; made when first asked for after the grid or its style changed.
    /// </summary>
    public string? GridPngUrl
    {
        get
        {
            if (_gridPngUrl is null && !IsComputing && Picture is { } picture && ReadyCount > 0 && SelectedMethods.Count > 0)
            {
                var rows = SelectedModels.Select(model => new GridRow(ModelName(model), SelectedMethods.Select(method =>
                    _tiles.FirstOrDefault(t => t.ModelId == model && t.Method == method) is { Status: TileStatus.Ready, Map: { } map }
                        ? new GridTile(map.Heatmap, map.Probability, $"{ClassName(map.PredictedClass)} {map.Probability * 100:0.0}%")
                        : null).ToArray())).ToArray();
                var plane = picture.Channels * picture.Height * picture.Width;
                _gridPngUrl = PngEncoder.ToDataUrl(ComparisonGrid.RenderPng(picture.Pixels.AsSpan(0, plane), picture.Channels, picture.Height, picture.Width,
                    SelectedMethods.Select(MethodTitle).ToArray(), rows, Style));
            }

            return _gridPngUrl;
        }
    }

    public bool IsComputing { get; private set; }

    /// <summary>How many images of the split the mean agreement is taken over.</summary>
    public int SplitAgreementImages { get; set; } = 50;

    /// <summary>The grid's maps compared on <see cref="SplitAgreementImages"/> images of the split, averaged (seed 001's question for a whole split).</summary>
    public AgreementTable? SplitAgreement { get; private set; }

    public bool IsComputingSplitAgreement { get; private set; }

    public int ReadyCount => _tiles.Count(t => t.Status is TileStatus.Ready or TileStatus.Failed);

    public int ComputableCount => _tiles.Count(t => t.Status != TileStatus.NotApplicable);

    /// <summary>From asking for the maps to the last tile, for the last complete run.</summary>
    public TimeSpan? LastRunTime { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyList<string> ClassNames => Dataset?.ClassNames ?? [];

    /// <summary>Opens on <paramref name="preferredDatasetId"/> when it has trained models, else on the first data set that has some.</summary>
    public async Task InitializeAsync(string? preferredDatasetId = null)
    {
        try
        {
            Datasets = await _engine.ListDatasetsAsync();
            var models = await _engine.ListModelsAsync();
            var dataset = Datasets.FirstOrDefault(d => d.Id == preferredDatasetId && models.Any(m => m.DatasetId == d.Id))
                ?? Datasets.FirstOrDefault(d => models.Any(m => m.DatasetId == d.Id)) ?? (Datasets.Count > 0 ? Datasets[0] : null);
            if (dataset is not null)
            {
                await SelectDatasetAsync(dataset.Id, models);
            }
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    public async Task SelectDatasetAsync(string datasetId)
    {
        try
        {
            await SelectDatasetAsync(datasetId, null);
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    private async Task SelectDatasetAsync(string datasetId, IReadOnlyList<ModelInfo>? models)
    {
        Dataset = Datasets.FirstOrDefault(d => d.Id == datasetId) ?? throw new ArgumentException($"No data set '{datasetId}'.", nameof(datasetId));
        models ??= await _engine.ListModelsAsync();
        Models = models.Where(m => m.DatasetId == datasetId).OrderByDescending(m => m.Created).ToArray();
        Image = CompareImage.OfSplit(datasetId, DatasetSplit.Test, 0);
        TargetClass = null;
        SelectedModels = Models.Take(DefaultModelCount).Select(m => m.Id).ToArray();
        var gone = await LoadMethodsAsync();
        SelectedMethods = Methods.Select(m => m.Name).ToArray();
        await ShowAsync();
        Error ??= gone;
    }

    public async Task SelectModelsAsync(IEnumerable<string> modelIds)
    {
        var previous = SelectedModels;
        try
        {
            var known = modelIds.Where(id => Models.Any(m => m.Id == id)).Distinct().ToArray();
            var before = Methods.Select(m => m.Name).ToHashSet();
            SelectedModels = Models.Select(m => m.Id).Where(known.Contains).ToArray();
            var gone = await LoadMethodsAsync();
            // Functions new to the grid (a new kind of model) are shown; those still offered keep their selection.
            SelectedMethods = Methods.Select(m => m.Name).Where(n => SelectedMethods.Contains(n) || !before.Contains(n)).ToArray();
            await ShowAsync();
            Error ??= gone;
        }
        catch (EngineException e)
        {
            // The engine cannot be reached (a remote one that went away): the grid stays as it was and says why.
            SelectedModels = previous;
            Error = e.Message;
        }
    }

    public Task SelectMethodsAsync(IEnumerable<string> methods)
    {
        var chosen = methods.ToHashSet();
        SelectedMethods = Methods.Select(m => m.Name).Where(chosen.Contains).ToArray();
        return ShowAsync();
    }

    public Task SelectImageAsync(DatasetSplit split, int index)
    {
        if (Dataset is not { } dataset)
        {
            return Task.CompletedTask;
        }

        var count = split == DatasetSplit.Test ? dataset.TestCount : dataset.TrainCount;
        if (index < 0 || index >= count)
        {
            Error = $"The {split.ToString().ToLowerInvariant()} split has images 0 to {count - 1}; {index} is not one of them.";
            return Task.CompletedTask;
        }

        Image = CompareImage.OfSplit(dataset.Id, split, index);
        return ShowAsync();
    }

    /// <summary>Opens a review session's upload by id (null when it cannot be had); set while the page is in a session.</summary>
    public Func<Guid, Task<UploadedImage?>>? SessionUpload { get; set; }

    /// <summary>A review session's upload becomes the image.</summary>
    public Task ShowSessionUploadAsync(Guid uploadId, UploadedImage upload)
    {
        if (Dataset is not { } dataset)
        {
            return Task.CompletedTask;
        }

        Image = CompareImage.OfSessionUpload(dataset.Id, uploadId, upload);
        return ShowAsync();
    }

    /// <summary>An uploaded file becomes the image; the engine decodes and converts it, and refuses what it cannot read.</summary>
    public Task UploadAsync(string name, byte[] content)
    {
        if (Dataset is not { } dataset)
        {
            Error = "Choose a data set with trained models before uploading an image.";
            return Task.CompletedTask;
        }

        if (content.Length > UploadLimits.MaxBytes)
        {
            Error = $"'{name}' is {content.Length / (1024.0 * 1024):0.#} MB; an image may have at most {UploadLimits.MaxBytes / (1024 * 1024)} MB.";
            return Task.CompletedTask;
        }

        Image = CompareImage.OfUpload(dataset.Id, new UploadedImage(name, content));
        return ShowAsync();
    }

    public Task SelectTargetAsync(int? targetClass)
    {
        TargetClass = targetClass is { } c && (c < 0 || c >= ClassNames.Count) ? null : targetClass;
        return ShowAsync();
    }

    /// <summary>Redraws every tile in a new colour map or opacity; no map is computed again.</summary>
    public void SetStyle(string colorMap, double opacity)
    {
        var style = new HeatmapStyle(colorMap, Math.Clamp(opacity, 0, 1));
        if (style.Problem() is { } problem)
        {
            Error = problem;
            return;
        }

        Style = style;
        _gridPngUrl = null;
        _tiles = _tiles.Select(Draw).ToList();
        Enlarged = Enlarged is null ? null : _tiles.FirstOrDefault(t => t.ModelId == Enlarged.ModelId && t.Method == Enlarged.Method);
    }

    /// <summary>
    /// The mean agreement of every applicable (model, function) pair of the grid over images spread evenly across the
    /// chosen split: the engine computes the maps and averages Spearman's ρ and top-ρ IoU image by image.
    /// </summary>
    public async Task ComputeSplitAgreementAsync()
    {
        if (Dataset is not { } dataset || Image is not { } image)
        {
            return;
        }

        var explainers = _tiles.Where(t => t.Status != TileStatus.NotApplicable).Select(t => new Explainer(t.ModelId, t.Method)).ToArray();
        if (explainers.Length < 2)
        {
            Error = "The agreement needs at least two maps that apply: choose more models or functions.";
            return;
        }

        var split = image.Upload is null ? image.Split : DatasetSplit.Test;
        var count = split switch
        {
            DatasetSplit.Train => dataset.TrainCount,
            DatasetSplit.Validation => dataset.ValidationCount,
            _ => dataset.TestCount,
        };
        // Each explainer explains every image in one request, so a comparison takes what one explanation request does.
        if (SplitAgreementImages < 1 || SplitAgreementImages > ExplainRequest.MaxImages)
        {
            Error = $"Average over 1 to {ExplainRequest.MaxImages:N0} images, not {SplitAgreementImages}.";
            return;
        }

        IsComputingSplitAgreement = true;
        Error = null;
        try
        {
            var indices = CamGrid.PickIndices(count, SplitAgreementImages, 0);
            var result = await _engine.CompareAsync(new AgreementRequest(dataset.Id, split, indices, explainers, AgreementRho, TargetClass));
            if (result.Labels.Count != explainers.Length)
            {
                throw new InvalidOperationException($"The engine compared {result.Labels.Count} explainers, not {explainers.Length}.");
            }

            SplitAgreement = new AgreementTable(
                explainers.Select(e => $"{ModelName(e.ModelId)} · {MethodTitle(e.Method)}").ToArray(), result.Rho,
                [.. result.Spearman.SelectMany(row => row)], [.. result.Iou.SelectMany(row => row)])
            { Images = result.Images };
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
        finally
        {
            IsComputingSplitAgreement = false;
        }
    }

    /// <summary>The parameters a function's column runs with; null: the function's defaults.</summary>
    public IReadOnlyList<MethodParameter>? ParametersOf(string method) => _parameters.TryGetValue(method, out var given) ? given : null;

    /// <summary>
    /// Runs a function's whole column with these parameters (empty: its defaults). The engine checks them: a value it
    /// refuses fails that column's tiles with its reason, and the rest of the grid stands.
    /// </summary>
    public Task SetParametersAsync(string method, IReadOnlyList<MethodParameter> parameters)
    {
        var given = parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => p with { Value = p.Value.Trim() }).ToArray();
        if (given.Length == 0)
        {
            _parameters.Remove(method);
        }
        else
        {
            _parameters[method] = given;
        }

        return ShowAsync();
    }

    /// <summary>"Occlusion" or, with parameters set, "Occlusion (patch=4, stride=2)".</summary>
    public string ColumnTitle(string method) => ParametersOf(method) is { } given
        ? $"{MethodTitle(method)} ({string.Join(", ", given.Select(p => $"{p.Name}={p.Value}"))})"
        : MethodTitle(method);

    public void Enlarge(CompareTile? tile)
    {
        Enlarged = tile is { Status: TileStatus.Ready } ? tile : null;
        _wantedEnlarged = tile is null ? null : new TileRef(tile.ModelId, tile.Method);
    }

    /// <summary>The tile asked to be enlarged, even while its map is still being computed (a session's view names it so).</summary>
    public TileRef? EnlargedTile => _wantedEnlarged;

    /// <summary>
    /// What the grid shows now, to be kept as a snapshot: null until every tile is computed (a snapshot never holds a
    /// half-filled grid).
    /// </summary>
    public CompareSnapshot? ToSnapshot()
    {
        if (IsComputing || Picture is not { } picture || Image is not { } image || ComputableCount == 0 || ReadyCount == 0)
        {
            return null;
        }

        var models = SelectedModels.Select(id => Models.First(m => m.Id == id))
            .Select(m => new SnapshotModel(m.Id, m.Name, m.Kind, m.TestAccuracy, m.WeightsHash))
            .ToArray();
        var columns = SelectedMethods.Select(m => new SnapshotColumn(m, ColumnTitle(m))).ToArray();
        return new CompareSnapshot(ToSharedView(), image.Description, picture, ClassNames, models, columns,
            _tiles.ToArray(), Agreement, Style);
    }

    /// <summary>
    /// The page's choices as a review session shares them; an image this browser uploaded alone is not shared, a
    /// session's upload is, by its id.
    /// </summary>
    public SharedView ToSharedView() => new()
    {
        DatasetId = Dataset?.Id,
        Image = Image switch
        {
            { Upload: null } image => new ViewImage(image.Split, image.Index),
            { SessionUploadId: { } uploadId } => ViewImage.OfUpload(uploadId),
            _ => null,
        },
        Models = SelectedModels,
        Methods = SelectedMethods,
        Parameters = _parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new ColumnParameters(p.Key, p.Value)).ToArray(),
        TargetClass = TargetClass,
        ColorMap = Style.ColorMap,
        Opacity = Style.Opacity,
        Enlarged = _wantedEnlarged,
    };

    /// <summary>Opens on a review session's view instead of the defaults; the maps fill in afterwards (<see cref="Showing"/>).</summary>
    public async Task InitializeAsync(SharedView view)
    {
        try
        {
            Datasets = await _engine.ListDatasetsAsync();
            if (await TakeViewAsync(view))
            {
                Showing = ShowInBackgroundAsync();
            }
            else if (Dataset is null)
            {
                await InitializeAsync(view.DatasetId);
            }
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
    }

    /// <summary>
    /// Takes a review session's view: what differs from the page's own choices is changed, and the grid is computed
    /// again only when something it depends on changed (a new colour map or enlarged tile only redraws). Ids this
    /// server no longer knows (a deleted model) are left out rather than failing the view. Returns once the view is
    /// taken; the maps fill in afterwards (<see cref="Showing"/>), so a follower is never a whole grid behind.
    /// </summary>
    public async Task ApplyViewAsync(SharedView view)
    {
        if (await TakeViewAsync(view))
        {
            Showing = ShowInBackgroundAsync();
        }
    }

    /// <summary>The grid being computed for the last view a session applied.</summary>
    public Task Showing { get; private set; } = Task.CompletedTask;

    private async Task ShowInBackgroundAsync()
    {
        try
        {
            await ShowAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "The grid of a shared view could not be shown");
            Error = "The maps of this view could not be computed.";
            _host.Changed();
        }
    }

    private async Task<bool> TakeViewAsync(SharedView view)
    {
        var recompute = false;
        if (view.DatasetId is { } datasetId && datasetId != Dataset?.Id && Datasets.FirstOrDefault(d => d.Id == datasetId) is { } dataset)
        {
            Dataset = dataset;
            Models = [];
            SelectedModels = [];
            Image = null;
            recompute = true;
        }

        if (Dataset is not { } current)
        {
            return false;
        }

        if (view.Models.Any(id => Models.All(m => m.Id != id)))
        {
            Models = (await _engine.ListModelsAsync()).Where(m => m.DatasetId == current.Id).OrderByDescending(m => m.Created).ToArray();
        }

        var models = view.Models.Where(id => Models.Any(m => m.Id == id)).Distinct().ToArray();
        if (!models.SequenceEqual(SelectedModels))
        {
            SelectedModels = models;
            await LoadMethodsAsync();
            recompute = true;
        }

        var methods = view.Methods.Where(name => Methods.Any(m => m.Name == name)).Distinct().ToArray();
        if (!methods.SequenceEqual(SelectedMethods))
        {
            SelectedMethods = methods;
            recompute = true;
        }

        // A view stored before its parameters were checked may name a function twice: the last column wins.
        var parameters = view.Parameters.GroupBy(p => p.Method, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Parameters, StringComparer.Ordinal);
        if (parameters.Count != _parameters.Count || parameters.Any(p => !_parameters.TryGetValue(p.Key, out var mine) || !mine.SequenceEqual(p.Value)))
        {
            _parameters.Clear();
            foreach (var (method, given) in parameters)
            {
                _parameters[method] = given;
            }

            recompute = true;
        }

        var target = view.TargetClass is { } c && c < ClassNames.Count ? view.TargetClass : null;
        if (target != TargetClass)
        {
            TargetClass = target;
            recompute = true;
        }

        if (view.Image is { UploadId: null } shared && ImageOf(current, shared) is { } image && image != Image)
        {
            Image = image;
            recompute = true;
        }
        else if (view.Image is { UploadId: { } uploadId } && uploadId != Image?.SessionUploadId && SessionUpload is { } open
                 && await open(uploadId) is { } upload)
        {
            Image = CompareImage.OfSessionUpload(current.Id, uploadId, upload);
            recompute = true;
        }

        Image ??= CompareImage.OfSplit(current.Id, DatasetSplit.Test, 0);
        if (view.ColorMap != Style.ColorMap || !view.Opacity.Equals(Style.Opacity))
        {
            SetStyle(view.ColorMap, view.Opacity);
        }

        _wantedEnlarged = view.Enlarged;
        Enlarged = view.Enlarged is { } wanted ? _tiles.FirstOrDefault(t => t.Status == TileStatus.Ready && new TileRef(t.ModelId, t.Method) == wanted) : null;
        return recompute;
    }

    private static CompareImage? ImageOf(DatasetInfo dataset, ViewImage image)
    {
        var count = image.Split switch
        {
            DatasetSplit.Train => dataset.TrainCount,
            DatasetSplit.Validation => dataset.ValidationCount,
            _ => dataset.TestCount,
        };
        return image.Index >= 0 && image.Index < count ? CompareImage.OfSplit(dataset.Id, image.Split, image.Index) : null;
    }

    public string ModelName(string modelId) => Models.FirstOrDefault(m => m.Id == modelId)?.Name ?? modelId;

    public string MethodTitle(string method) => Methods.FirstOrDefault(m => m.Name == method)?.Title ?? method;

    public string ClassName(int index) => CamGrid.ClassName(ClassNames, index);

    /// <summary>
    /// Computes the grid for the current choices: tiles that do not apply say so at once, the others fill in one by
    /// one as their maps arrive. A newer call cancels an older one, so only the latest choices reach the page.
    /// </summary>
    public async Task ShowAsync()
    {
        if (_run is { } previous)
        {
            await previous.CancelAsync();
        }

        if (Image is not { } image || Dataset is null)
        {
            return;
        }

        var run = _run = new CancellationTokenSource();
        var token = run.Token;
        // The enlarged tile stays open on the same (model, function) and shows its new map once it arrives.
        var enlarged = _wantedEnlarged;
        Error = null;
        Enlarged = null;
        Agreement = null;
        _gridPngUrl = null;
        Notices = [];
        _tiles = (from model in SelectedModels
                  from method in SelectedMethods
                  select WhyNot(model, method) is { } reason
                      ? new CompareTile(model, method, TileStatus.NotApplicable, reason)
                      : new CompareTile(model, method, TileStatus.Waiting)).ToList();
        IsComputing = true;
        var clock = Stopwatch.StartNew();
        try
        {
            Picture = image.Upload is null
                ? await _engine.GetImagesAsync(new ImagesRequest(image.DatasetId, image.Split, [image.Index]), token)
                : null;
            _host.Changed();
            for (var i = 0; i < _tiles.Count; i++)
            {
                if (_tiles[i].Status != TileStatus.Waiting)
                {
                    continue;
                }

                var tile = await ComputeAsync(_tiles[i], image, token);
                token.ThrowIfCancellationRequested();
                _tiles[i] = Draw(tile);
                if (enlarged == new TileRef(tile.ModelId, tile.Method) && _wantedEnlarged == enlarged)
                {
                    Enlarged = _tiles[i].Status == TileStatus.Ready ? _tiles[i] : null;
                }

                _host.Changed();
            }

            Agreement = AgreementOf(_tiles);
            LastRunTime = clock.Elapsed;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return;
        }
        catch (EngineException e)
        {
            Error = e.Message;
        }
        finally
        {
            if (ReferenceEquals(_run, run))
            {
                IsComputing = false;
            }
        }

        _host.Changed();
    }

    private async Task<CompareTile> ComputeAsync(CompareTile tile, CompareImage image, CancellationToken token)
    {
        try
        {
            var parameters = ParametersOf(tile.Method);
            var key = MapKey.Of(tile.ModelId, tile.Method, parameters, image, TargetClass);
            var batch = await _cache.GetAsync(key, image.Request(tile.ModelId, tile.Method, TargetClass, parameters), token);
            if (image.Upload is not null && Picture is null && batch.Images is { } converted)
            {
                Picture = converted;
                Notices = batch.Notices ?? [];
            }

            return tile with { Status = TileStatus.Ready, Map = batch.Explanations[0], Parameters = batch.Parameters };
        }
        catch (EngineException e) when (e.Kind != EngineErrorKind.Unavailable)
        {
            // One function failing on one model (say, an upload it cannot read) leaves the rest of the grid standing.
            _logger.LogInformation("{Method} of {Model} on {Image} failed: {Message}", tile.Method, tile.ModelId, image.Description, e.Message);
            return tile with { Status = TileStatus.Failed, Message = e.Message };
        }
    }

    private CompareTile Draw(CompareTile tile) => TileDrawing.Draw(tile, Picture, Style);

    private string? WhyNot(string modelId, string method) =>
        _methods.TryGetValue(modelId, out var methods)
            ? methods.FirstOrDefault(m => m.Method.Name == method) is { } availability
                ? availability.Applies ? null : availability.Reason ?? "does not apply to this model"
                : "the engine does not offer this function for this model"
            : "the model's functions could not be read";

    private AgreementTable? AgreementOf(IReadOnlyList<CompareTile> tiles)
    {
        var ready = tiles.Where(t => t is { Status: TileStatus.Ready, Map: not null }).ToArray();
        if (ready.Length < 2 || ready.Select(t => t.Map!.Heatmap.Length).Distinct().Count() != 1)
        {
            return null;
        }

        var (spearman, iou) = AgreementMatrix.Mean(ready.Select(t => (IReadOnlyList<float[]>)[t.Map!.Heatmap]).ToArray(), AgreementRho);
        return new AgreementTable(ready.Select(t => $"{ModelName(t.ModelId)} · {MethodTitle(t.Method)}").ToArray(), AgreementRho, spearman, iou);
    }

    /// <summary>
    /// The functions of the selected models. A model deleted since the list was read (from another page or browser)
    /// leaves the list and the grid; what is returned says so.
    /// </summary>
    private async Task<string?> LoadMethodsAsync()
    {
        var gone = new List<string>();
        foreach (var model in SelectedModels.Where(m => !_methods.ContainsKey(m)).ToArray())
        {
            try
            {
                _methods[model] = await _engine.GetMethodsAsync(model);
            }
            catch (EngineException e) when (e.Kind == EngineErrorKind.NotFound)
            {
                gone.Add(ModelName(model));
                SelectedModels = SelectedModels.Where(m => m != model).ToArray();
                Models = Models.Where(m => m.Id != model).ToArray();
            }
        }

        // In the engine's order (each model lists every function, applicable or not), kept where one applies.
        var all = SelectedModels.SelectMany(m => _methods[m]).ToArray();
        Methods = all.Select(a => a.Method.Name).Distinct()
            .Where(name => all.Any(a => a.Applies && a.Method.Name == name))
            .Select(name => all.First(a => a.Method.Name == name).Method)
            .ToArray();
        return gone.Count == 0 ? null : $"{string.Join(", ", gone)} no longer {(gone.Count == 1 ? "exists" : "exist")} (deleted elsewhere) and left the grid.";
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_run is { } run)
        {
            await run.CancelAsync();
        }
    }
}
