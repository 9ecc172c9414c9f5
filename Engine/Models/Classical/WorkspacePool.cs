using System.Collections.Concurrent;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Big scratch objects shared by the bodies of a parallel loop: a body rents one and returns it, so no more are
/// ever made than bodies run at once (a per-thread cache would make one for every pool thread the loop visits).
/// Disposing the pool disposes all it made.
/// </summary>
internal sealed class WorkspacePool<T>(Func<T> create) : IDisposable
    where T : class, IDisposable
{
    private readonly ConcurrentBag<T> idle = [];
    private readonly ConcurrentBag<T> made = [];

    public T Rent()
    {
        if (idle.TryTake(out var workspace))
        {
            return workspace;
        }

        workspace = create();
        made.Add(workspace);
        return workspace;
    }

    public void Return(T workspace) => idle.Add(workspace);

    public void Dispose()
    {
        foreach (var workspace in made)
        {
            workspace.Dispose();
        }
    }
}
