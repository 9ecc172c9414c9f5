namespace ExplainHub.Engine.Tests;

/// <summary>IProgress that reports on the caller's thread, so a test sees every report before it asserts.</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
