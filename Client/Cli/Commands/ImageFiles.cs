using ExplainHub.Shared;

namespace ExplainHub.Client.Cli.Commands;

/// <summary>Image files named on the command line, read for the engine to decode (it checks what they hold).</summary>
internal static class ImageFiles
{
    public static async Task<UploadedImage> ReadAsync(CliContext context, string file, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file, context.WorkingDirectory);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new CliUsageException($"no image file at {path}");
        }

        // Refused before reading, so a wrong argument (a video, a disk image) costs nothing.
        if (info.Length > UploadLimits.MaxBytes)
        {
            throw new CliUsageException($"{info.Name} is {info.Length:N0} bytes; images of at most {UploadLimits.MaxBytes / (1024 * 1024)} MB are accepted");
        }

        return new UploadedImage(info.Name, await File.ReadAllBytesAsync(path, cancellationToken));
    }
}
