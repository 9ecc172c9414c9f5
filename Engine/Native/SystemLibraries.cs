using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native;

/// <summary>
/// The Debian C libraries the classical models P/Invoke (LIBSVM, LIBLINEAR, XGBoost): the names used in
/// LibraryImport, the files tried for each (run-time SONAME first, so the -dev package is not needed to run) and
/// the package that provides them, named in the error when none loads.
/// </summary>
internal static class SystemLibraries
{
    public const string LibSvm = "svm";
    public const string LibLinear = "linear";
    public const string XGBoost = "xgboost";

    private static readonly Dictionary<string, (string[] Files, string Package)> Known = new(StringComparer.Ordinal)
    {
        [LibSvm] = (["libsvm.so.3", "libsvm.so"], "libsvm-dev"),
        [LibLinear] = (["liblinear.so.4", "liblinear.so"], "liblinear-dev"),
        [XGBoost] = (["libxgboost.so.0", "libxgboost.so"], "libxgboost-dev"),
    };

    private static readonly Dictionary<string, IntPtr> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static bool IsKnown(string name) => Known.ContainsKey(name);

    public static IntPtr Load(string name)
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(name, out var existing))
            {
                return existing;
            }

            var (files, package) = Known[name];
            var errors = new List<string>();
            foreach (var file in files)
            {
                try
                {
                    var handle = NativeLibrary.Load(file);
                    Loaded[name] = handle;
                    return handle;
                }
                catch (DllNotFoundException ex)
                {
                    errors.Add($"{file}: {ex.Message}");
                }
            }

            throw new DllNotFoundException(
                $"Cannot load {files[0]}: install {package} (./scripts/install-deps.sh does). Tried:\n  " + string.Join("\n  ", errors));
        }
    }
}
