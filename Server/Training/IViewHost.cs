namespace ExplainHub.Server.Training;

/// <summary>
/// What a view-state object needs from the component showing it. Blazor components must be touched on their
/// renderer's synchronisation context; tests supply a plain implementation and count renders.
/// </summary>
public interface IViewHost
{
    /// <summary>Runs <paramref name="work"/> on the UI's synchronisation context (Blazor: ComponentBase.InvokeAsync).</summary>
    Task InvokeAsync(Func<Task> work);

    /// <summary>The state changed; re-render. Called only from inside <see cref="InvokeAsync"/> or a UI event.</summary>
    void Changed();

    /// <summary>Tells the user something failed, without ending the circuit.</summary>
    void ShowError(string message);
}
