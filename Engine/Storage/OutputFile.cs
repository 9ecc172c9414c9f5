namespace ExplainHub.Engine.Storage;

/// <summary>A file about to be written: where, and every byte of it.</summary>
public sealed record OutputFile(string Path, byte[] Content);
