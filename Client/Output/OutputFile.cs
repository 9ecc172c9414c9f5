namespace ExplainHub.Client.Output;

/// <summary>A file a command is about to write: where, and every byte of it.</summary>
internal sealed record OutputFile(string Path, byte[] Content);
