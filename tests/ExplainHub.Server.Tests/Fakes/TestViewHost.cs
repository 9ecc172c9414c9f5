using ExplainHub.Server.Training;

namespace ExplainHub.Server.Tests.Fakes;

/// <summary>Stands in for the Blazor component: one piece of UI work at a time, renders and errors counted.</summary>
public sealed class TestViewHost : IViewHost, IDisposable
{
    private readonly SemaphoreSlim _ui = new(1, 1);
    private readonly List<string> _errors = [];
    private int _renders;

    public int Renders => Volatile.Read(ref _renders);

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToArray();
            }
        }
    }

    public async Task InvokeAsync(Func<Task> work)
    {
        await _ui.WaitAsync();
        try
        {
            await work();
        }
        finally
        {
            _ui.Release();
        }
    }

    public void Dispose() => _ui.Dispose();

    public void Changed() => Interlocked.Increment(ref _renders);

    public void ShowError(string message)
    {
        lock (_errors)
        {
            _errors.Add(message);
        }
    }
}
