using System.Diagnostics;
using System.Text.Json;

namespace ExplainHub.Client.Tests.Cli;

/// <summary>
/// The built CLI, as a process: it runs itself again with one malloc arena (its engine's jobs run on worker threads,
/// whose own arenas would map every large buffer anew), and says so in `info`, as it says which convolution kernels it takes.
/// </summary>
public sealed class CliProcessAllocatorTests
{
    [Fact]
    public async Task TheCli_StartedWithoutTunables_RunsWithOneArena_UnlessTheUserOptsOut()
    {
        Assert.True(OperatingSystem.IsLinux(), "the engine's allocator settings are for glibc Linux");

        // Started without any arena setting, the engine can only find one in its environment by having run itself again.
        Assert.Equal("glibc, one arena, freed memory kept mapped", await AllocatorAsync(optOut: false));
        Assert.StartsWith("glibc, an arena per thread", await AllocatorAsync(optOut: true));
        // The user's own arena count is left alone, and said to be theirs rather than ours.
        Assert.StartsWith("glibc, the arena count the environment sets", await AllocatorAsync(optOut: false, arenas: "4"));
    }

    [Fact]
    public async Task TheCli_SaysWhichConvolutionKernelsItsEngineTakes()
    {
        var nnpack = System.Runtime.Intrinsics.X86.Avx2.IsSupported && !System.Runtime.Intrinsics.X86.Avx512F.IsSupported;
        var taken = await InfoAsync("convolutions", new Dictionary<string, string>());
        Assert.StartsWith(nnpack ? "NNPACK (Winograd/FFT) for 3×3 stride-1 passes" : "oneDNN", taken);
        Assert.Equal("oneDNN (libtorch's default)", await InfoAsync("convolutions", new Dictionary<string, string> { ["EXPLAINHUB_NNPACK"] = "0" }));
    }

    private static Task<string> AllocatorAsync(bool optOut, string? arenas = null)
    {
        var environment = new Dictionary<string, string>();
        if (optOut)
        {
            environment["EXPLAINHUB_KEEP_MALLOC"] = "1";
        }

        if (arenas is not null)
        {
            environment["MALLOC_ARENA_MAX"] = arenas;
        }

        return InfoAsync("allocator", environment);
    }

    // One property of `explainhub info --json`, run as a process started without allocator settings plus `environment`.
    private static async Task<string> InfoAsync(string property, IReadOnlyDictionary<string, string> environment)
    {
        var data = Directory.CreateTempSubdirectory("explainhub-cli-");
        try
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ExplainHub.Client.dll"));
            start.ArgumentList.Add("info");
            start.ArgumentList.Add("--json");
            start.Environment.Remove("GLIBC_TUNABLES");
            start.Environment.Remove("MALLOC_ARENA_MAX");
            start.Environment.Remove("EXPLAINHUB_MALLOC_TUNED");
            start.Environment.Remove("EXPLAINHUB_NNPACK");
            start.Environment["EXPLAINHUB_DATA"] = data.FullName;
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"explainhub info failed ({process.ExitCode}): {await error}");

            using var info = JsonDocument.Parse(await output);
            return info.RootElement.GetProperty(property).GetString()!;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
