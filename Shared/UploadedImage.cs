namespace ExplainHub.Shared;

/// <summary>
/// An image file a user sends (PNG, JPEG, BMP, WebP or GIF). The engine decodes <see cref="Content"/> itself and
/// trusts neither <see cref="Name"/> (shown in messages only) nor any claimed type.
/// </summary>
public sealed record UploadedImage(string Name, byte[] Content);

/// <summary>What one request may upload; each limit is refused with a message that names it.</summary>
public static class UploadLimits
{
    /// <summary>Bytes per file.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>Pixels per decoded image (4096×4096).</summary>
    public const long MaxPixels = 4096L * 4096;

    /// <summary>Files per request.</summary>
    public const int MaxFiles = 64;
}
