using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ExplainHub.Bench;

/// <summary>
/// The real web app as its own process on 127.0.0.1 (built next to the bench, run from its project folder like
/// ./run.sh), with a data folder of its own that is deleted afterwards; its resident memory is read from /proc.
/// </summary>
internal sealed class ServerUnderLoad : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private ServerUnderLoad(Process process, Uri url, string dataDirectory)
    {
        _process = process;
        Url = url;
        _dataDirectory = dataDirectory;
    }

    public Uri Url { get; }

    public static async Task<ServerUnderLoad> StartAsync()
    {
        var project = Path.GetFullPath("Server");
        var assembly = Path.Combine(project, "bin", "Release", "net10.0", "ExplainHub.Server.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"The Server is not built ({assembly} is missing); ./bench.sh builds it.");
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        var data = Directory.CreateTempSubdirectory("explainhub-bench-sessions-").FullName;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { assembly, "--urls", url.ToString(), "--contentRoot", project })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Engine__Url"] = string.Empty;
        start.Environment["Engine__DataDirectory"] = data;
        // The benchmark's program starts sessions on an open app (loopback, no team key), whatever this shell has set.
        start.Environment["Access__Key"] = string.Empty;
        start.Environment.Remove("EXPLAINHUB_ACCESS_KEY");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Server.");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("ExplainHub is running at", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("server: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerUnderLoad(process, url, data);
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The Server's resident set (VmRSS) or its peak (VmHWM) in MB.</summary>
    public double MemoryMb(string field = "VmRSS")
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return Math.Round(kb / 1024.0, 1);
            }
        }

        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
