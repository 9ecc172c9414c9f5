using System.Net.Http;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using ExplainHub.Engine.Hosting;
using ExplainHub.Shared;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ExplainHub.Client.Remote;

/// <summary>
/// <see cref="IEngine"/> on an engine host, over the SignalR hub that <c>MapEngineHub()</c> serves, with SignalR's own
/// client: negotiation, WebSockets with fallback to server-sent events and long polling, automatic reconnect (its
/// state in <see cref="State"/>), an access-token provider. Callers see the same <see cref="EngineException"/>s as
/// with the embedded engine; a host that cannot be reached, or that goes away during a call, is
/// <see cref="EngineErrorKind.Unavailable"/> at once rather than a hang.
/// </summary>
public sealed class RemoteEngine : IEngine, IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly TimeSpan _connectTimeout;
    private readonly SemaphoreSlim _restart = new(1, 1);

    private RemoteEngine(Uri url, HubConnection connection, TimeSpan connectTimeout)
    {
        Url = url;
        _connection = connection;
        _connectTimeout = connectTimeout;
        _connection.On<JobInfo>(nameof(IEngineEvents.JobChanged), job => JobChanged?.Invoke(job));
        _connection.Reconnecting += _ => Changed(EngineConnectionState.Reconnecting);
        _connection.Reconnected += _ => Changed(EngineConnectionState.Connected);
        _connection.Closed += _ => Changed(EngineConnectionState.Disconnected);
    }

    private Task Changed(EngineConnectionState state)
    {
        Report(state);
        return Task.CompletedTask;
    }

    /// <summary>The connection's state, for an engine indicator; <see cref="StateChanged"/> says when it moves.</summary>
    public EngineConnectionState State { get; private set; }

    public event Action<EngineConnectionState>? StateChanged;


    /// <summary>
    /// Job state changes of every job on the engine host (queued, running, each epoch, finished), pushed by the hub;
    /// the remote counterpart of the embedded engine's event of the same name.
    /// </summary>
    public event Action<JobInfo>? JobChanged;

    /// <summary>The hub's address.</summary>
    public Uri Url { get; }

    /// <summary>Connects to the engine hub at <paramref name="url"/> (http, https, ws or wss; a bare host gets <c>/engine</c>).</summary>
    /// <exception cref="EngineException">
    /// <see cref="EngineErrorKind.InvalidRequest"/> for a URL that is not an engine URL,
    /// <see cref="EngineErrorKind.Unavailable"/> when nothing answers there in time.
    /// </exception>
    public static Task<RemoteEngine> ConnectAsync(Uri url, CancellationToken cancellationToken = default) =>
        ConnectAsync(url, RemoteEngineOptions.Default, cancellationToken);

    public static async Task<RemoteEngine> ConnectAsync(Uri url, RemoteEngineOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engine = Create(url, options);
        try
        {
            await engine.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return engine;
    }

    /// <summary>A remote engine that connects on its first call.</summary>
    internal static RemoteEngine Create(Uri url, RemoteEngineOptions options)
    {
        var hubUrl = EngineUrl.ToHubUri(url);
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, http =>
            {
                http.Transports = options.Transports;
                http.AccessTokenProvider = options.AccessTokenProvider;
            })
            .AddJsonProtocol(json => EngineHubEndpoints.ConfigureJson(json.PayloadSerializerOptions))
            .WithAutomaticReconnect()
            .Build();
        return new RemoteEngine(hubUrl, connection, options.ConnectTimeout);
    }

    public Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync<EngineInfo>(nameof(EngineHub.GetInfo), [], cancellationToken);

    public Task<DatasetInfo> ImportDatasetAsync(DatasetImportRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<DatasetInfo>(nameof(EngineHub.ImportDataset), [request], cancellationToken);

    public Task<JobInfo> StartImportAsync(DatasetImportRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<JobInfo>(nameof(EngineHub.StartImport), [request], cancellationToken);

    public Task<IReadOnlyList<DatasetInfo>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync<IReadOnlyList<DatasetInfo>>(nameof(EngineHub.ListDatasets), [], cancellationToken);

    public Task<ImageBatch> GetImagesAsync(ImagesRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ImageBatch>(nameof(EngineHub.GetImages), [request], cancellationToken);

    public Task<ModelExportResult> ExportModelAsync(ModelExportRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ModelExportResult>(nameof(EngineHub.ExportModel), [request], cancellationToken);

    public Task<ModelInfo> ImportModelAsync(ModelImportRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ModelInfo>(nameof(EngineHub.ImportModel), [request], cancellationToken);

    public Task<ModelInfo> DeleteModelAsync(string modelId, CancellationToken cancellationToken = default) =>
        InvokeAsync<ModelInfo>(nameof(EngineHub.DeleteModel), [modelId], cancellationToken);

    public Task<ModelRepresentation> RepresentAsync(RepresentationRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ModelRepresentation>(nameof(EngineHub.Represent), [request], cancellationToken);

    public Task<IReadOnlyList<CheckpointInfo>> ListCheckpointsAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync<IReadOnlyList<CheckpointInfo>>(nameof(EngineHub.ListCheckpoints), [], cancellationToken);

    public Task<JobInfo> ResumeTrainingAsync(string checkpointId, CancellationToken cancellationToken = default) =>
        InvokeAsync<JobInfo>(nameof(EngineHub.ResumeTraining), [checkpointId], cancellationToken);

    public Task<JobInfo> StartSweepAsync(SweepRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<JobInfo>(nameof(EngineHub.StartSweep), [request], cancellationToken);

    public Task<JobInfo> StartTrainingAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<JobInfo>(nameof(EngineHub.StartTraining), [request], cancellationToken);

    public async IAsyncEnumerable<TrainingProgress> WatchJobAsync(
        string jobId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        var stream = _connection
            .StreamAsyncCore<TrainingProgress>(nameof(EngineHub.WatchJob), [jobId], cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await stream.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                if (!more)
                {
                    yield break;
                }

                yield return stream.Current;
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    public Task<JobInfo> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        InvokeAsync<JobInfo>(nameof(EngineHub.GetJob), [jobId], cancellationToken);

    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync<IReadOnlyList<JobInfo>>(nameof(EngineHub.ListJobs), [], cancellationToken);

    public Task<JobInfo> CancelJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        InvokeAsync<JobInfo>(nameof(EngineHub.CancelJob), [jobId], cancellationToken);

    public Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync<IReadOnlyList<ModelInfo>>(nameof(EngineHub.ListModels), [], cancellationToken);

    public Task<PredictionBatch> PredictAsync(PredictRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<PredictionBatch>(nameof(EngineHub.Predict), [request], cancellationToken);

    public Task<ExplanationBatch> ExplainAsync(ExplainRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ExplanationBatch>(nameof(EngineHub.Explain), [request], cancellationToken);

    public Task<IReadOnlyList<MethodAvailability>> GetMethodsAsync(string modelId, CancellationToken cancellationToken = default) =>
        InvokeAsync<IReadOnlyList<MethodAvailability>>(nameof(EngineHub.GetMethods), [modelId], cancellationToken);

    public Task<AgreementResult> CompareAsync(AgreementRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<AgreementResult>(nameof(EngineHub.Compare), [request], cancellationToken);

    public Task<ClassificationReport> ReportAsync(ReportRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<ClassificationReport>(nameof(EngineHub.Report), [request], cancellationToken);

    public Task<JobInfo> StartPerturbationAsync(PerturbationRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<JobInfo>(nameof(EngineHub.StartPerturbation), [request], cancellationToken);

    public Task<PerturbedImage> PerturbAsync(PerturbationImageRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<PerturbedImage>(nameof(EngineHub.Perturb), [request], cancellationToken);

    public Task<JobInfo> StartEvaluationAsync(EvaluationRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync<JobInfo>(nameof(EngineHub.StartEvaluation), [request], cancellationToken);

    public Task<EvaluationResult> GetEvaluationAsync(string evaluationId, CancellationToken cancellationToken = default) =>
        InvokeAsync<EvaluationResult>(nameof(EngineHub.GetEvaluation), [evaluationId], cancellationToken);

    public Task<IReadOnlyList<EvaluationInfo>> ListEvaluationsAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync<IReadOnlyList<EvaluationInfo>>(nameof(EngineHub.ListEvaluations), [], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _restart.Dispose();
    }

    private async Task<T> InvokeAsync<T>(string method, object?[] args, CancellationToken cancellationToken)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _connection.InvokeCoreAsync<T>(method, args, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            // A call the transport could not finish means the link is gone, even before the connection's Closed event
            // (which comes a moment later) says so; an error the engine sent back (a HubException) says nothing of the link.
            if (ex is not HubException && translated.Kind == EngineErrorKind.Unavailable)
            {
                Report(EngineConnectionState.Disconnected);
            }

            throw translated;
        }
    }

    /// <summary>
    /// Automatic reconnect covers a dropped connection; a connection the host closed on purpose (shutdown, restart)
    /// stays closed, so the next call starts it again.
    /// </summary>
    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_connection.State != HubConnectionState.Disconnected)
        {
            return;
        }

        await _restart.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection.State == HubConnectionState.Disconnected)
            {
                await StartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _restart.Release();
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection.HandshakeTimeout = _connectTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connectTimeout);
        Report(EngineConnectionState.Connecting);
        try
        {
            await _connection.StartAsync(timeout.Token).ConfigureAwait(false);
            Report(EngineConnectionState.Connected);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Report(EngineConnectionState.Disconnected);
            throw CannotReach($"no answer within {_connectTimeout.TotalSeconds:0.#} s", null);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            // The host is there; it wants another key. Saying "is it running?" would send the user the wrong way.
            Report(EngineConnectionState.Disconnected);
            throw new EngineException(EngineErrorKind.Unavailable,
                $"The engine at {Url} refused this client's key (401 Unauthorized): give it the engine host's key "
                + "with EXPLAINHUB_ENGINE_KEY (or Engine:Key in the app's settings).", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Report(EngineConnectionState.Disconnected);
            throw CannotReach(Describe(ex), ex);
        }
        catch
        {
            Report(EngineConnectionState.Disconnected);
            throw;
        }
    }

    private void Report(EngineConnectionState state)
    {
        State = state;
        StateChanged?.Invoke(state);
    }


    private EngineException CannotReach(string reason, Exception? inner) => new(
        EngineErrorKind.Unavailable,
        $"Cannot reach the engine at {Url}: {reason}. Is the engine host running? Start it on that machine with "
        + "`dotnet run --project Engine/ExplainHub.Engine.csproj -c Release -- --urls http://0.0.0.0:5090`, or leave the engine URL out "
        + "(drop --engine, or clear Engine:Url) to use the embedded engine.",
        inner);

    /// <summary>
    /// What a caller should see instead of <paramref name="exception"/>; null leaves it as it is (the caller's own
    /// cancellation, or a bug that should surface unchanged).
    /// </summary>
    private EngineException? Translate(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HubException hub => EngineWireError.ToEngineException(hub.Message, hub),
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,

        // HubConnection fails every pending call with a TaskCanceledException when the connection closes.
        OperationCanceledException => Lost("the connection closed during the call", exception),

        // HubConnection's words for "not connected right now" (reconnecting, or stopped).
        InvalidOperationException => Lost("the connection is not active (reconnecting)", exception),

        // HubConnection's server timeout: nothing heard from the engine for that long (a cut network, a frozen host).
        TimeoutException => Lost("it did not answer within the connection's timeout", exception),
        WebSocketException or IOException or HttpRequestException or ConnectionAbortedException => Lost(Describe(exception), exception),
        _ => null,
    };

    private EngineException Lost(string reason, Exception inner) =>
        new(EngineErrorKind.Unavailable, $"Lost the engine at {Url}: {reason}. Try again once the engine host is back.", inner);

    /// <summary>The outer message says what failed, the innermost why ("Connection refused").</summary>
    private static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return ReferenceEquals(innermost, exception) || exception.Message.Contains(innermost.Message, StringComparison.Ordinal)
            ? exception.Message.TrimEnd('.')
            : $"{exception.Message.TrimEnd('.')} ({innermost.Message.TrimEnd('.')})";
    }
}
