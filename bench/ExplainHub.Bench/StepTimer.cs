using System.Diagnostics;

namespace ExplainHub.Bench;

/// <summary>How the benchmarks time a step: the median of timed runs after warm-up runs, as the reference's <c>bench</c> does.</summary>
internal static class StepTimer
{
    public static double MedianSeconds(Action step, int warmup, int iters)
    {
        for (var i = 0; i < warmup; i++)
        {
            step();
        }

        var times = new List<double>();
        for (var i = 0; i < iters; i++)
        {
            var clock = Stopwatch.StartNew();
            step();
            times.Add(clock.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
