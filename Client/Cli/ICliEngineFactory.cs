namespace ExplainHub.Client.Cli;

/// <summary>Where a command's engine comes from; tests substitute one that hands out a fake.</summary>
internal interface ICliEngineFactory
{
    /// <param name="engineUrl">The engine host, or null for an engine in this process.</param>
    Task<EngineLease> OpenAsync(Uri? engineUrl, CancellationToken cancellationToken);
}
