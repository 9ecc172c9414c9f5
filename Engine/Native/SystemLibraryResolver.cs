using System.Reflection;
using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native;

/// <summary>
/// Routes this assembly's P/Invokes of LIBSVM, LIBLINEAR and XGBoost to the Debian libraries
/// (<see cref="SystemLibraries"/>), so a missing package is one message naming it. TorchSharp and
/// SkiaSharp load their own native halves.
/// </summary>
internal static class SystemLibraryResolver
{
    private static readonly Lock Gate = new();
    private static bool registered;

#pragma warning disable CA2255 // the resolver must be in place before the first P/Invoke, whoever makes it
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        lock (Gate)
        {
            if (!registered)
            {
                NativeLibrary.SetDllImportResolver(typeof(SystemLibraryResolver).Assembly, Resolve);
                registered = true;
            }
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        SystemLibraries.IsKnown(name) ? SystemLibraries.Load(name) : IntPtr.Zero;
}
