namespace ExplainHub.Shared;

/// <summary>What the engine runs on: native bridge ABI, libtorch version, device and threads.</summary>
public sealed record EngineInfo(
    int AbiVersion,
    string TorchVersion,
    string Device,
    bool CudaAvailable,
    int Threads,
    IReadOnlyList<string> ModelKinds,
    IReadOnlyList<string> ExplanationMethods);
