namespace ExplainHub.Bench;

internal static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) of this process in MB: managed heap, libtorch and all.</summary>
    public static double PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                return Math.Round(kb / 1024.0, 1);
            }
        }

        return double.NaN;
    }
}
