namespace ExplainHub.Shared;

/// <summary>
/// What the engine runs on: TorchSharp and libtorch versions, device, threads, and how its process's allocator is set
/// (jobs run 2–3× slower on glibc's per-thread arenas; see the engine's MallocArenas), and which kernels its CPU
/// convolutions take.
/// </summary>
public sealed record EngineInfo(
    string TorchSharpVersion,
    string TorchVersion,
    string Device,
    bool CudaAvailable,
    int Threads,
    IReadOnlyList<string> ModelKinds,
    IReadOnlyList<string> ExplanationMethods,
    string Allocator = "",
    string Convolutions = "");
