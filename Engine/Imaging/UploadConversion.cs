using ExplainHub.Shared;

namespace ExplainHub.Engine.Imaging;

/// <summary>
/// Uploaded files as a model's input: decoded here by SkiaSharp (never on the word of a name or a browser), made grey
/// or colour and resized to the model's size, each change said in a notice, every limit of
/// <see cref="UploadLimits"/> checked before pixels are decoded.
/// </summary>
public static class UploadConversion
{
    /// <summary>The files as Count×Channels×Height×Width bytes (labels −1), with one notice per converted file.</summary>
    public static (ImageBatch Images, IReadOnlyList<string> Notices) ToModelInput(
        IReadOnlyList<UploadedImage> uploads, int channels, int height, int width)
    {
        if (uploads.Count is 0 or > UploadLimits.MaxFiles)
        {
            throw new EngineException(EngineErrorKind.InvalidRequest, $"Upload 1 to {UploadLimits.MaxFiles} images at a time, not {uploads.Count}.");
        }

        var plane = height * width;
        var pixels = new byte[uploads.Count * channels * plane];
        var notices = new List<string>();
        for (var i = 0; i < uploads.Count; i++)
        {
            var upload = uploads[i];
            var name = DisplayName(upload.Name, i);
            if (upload.Content is null || upload.Content.Length > UploadLimits.MaxBytes)
            {
                throw Refused(name, $"is {upload.Content?.Length ?? 0:N0} bytes; at most {UploadLimits.MaxBytes / (1024 * 1024)} MB are accepted");
            }

            try
            {
                var (storedHeight, storedWidth, storedChannels) = ImageCodec.Describe(upload.Content);
                if ((long)storedHeight * storedWidth > UploadLimits.MaxPixels)
                {
                    throw Refused(name, $"is {storedWidth}×{storedHeight} pixels; at most {UploadLimits.MaxPixels:N0} (4096×4096) are accepted");
                }

                var hwc = ImageCodec.DecodeResized(upload.Content, height, width, channels);
                var target = pixels.AsSpan(i * channels * plane, channels * plane);
                for (var p = 0; p < plane; p++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        target[(c * plane) + p] = hwc[(p * channels) + c];
                    }
                }

                if (Changes(storedHeight, storedWidth, storedChannels, channels, height, width) is { Count: > 0 } changes)
                {
                    notices.Add($"{name}: {storedWidth}×{storedHeight} {Describe(storedChannels)}, {string.Join(", ", changes)}");
                }
            }
            catch (InvalidDataException ex)
            {
                throw Refused(name, $"is {ex.Message}");
            }
        }

        var labels = Enumerable.Repeat(-1, uploads.Count).ToArray();
        return (new ImageBatch(uploads.Count, channels, height, width, pixels, labels, Enumerable.Range(0, uploads.Count).ToArray()), notices);
    }

    private static List<string> Changes(int storedHeight, int storedWidth, int storedChannels, int channels, int height, int width)
    {
        var changes = new List<string>();
        if (storedChannels > 1 && channels == 1)
        {
            changes.Add("made grey");
        }
        else if (storedChannels == 1 && channels == 3)
        {
            changes.Add("grey copied to RGB");
        }

        if (storedChannels == 4)
        {
            changes.Add("transparency dropped");
        }

        if (storedHeight != height || storedWidth != width)
        {
            // Stretching keeps every pixel of the upload in view; the notice says when that changed its proportions.
            var stretched = (long)storedWidth * height != (long)storedHeight * width;
            changes.Add($"resized to {width}×{height}{(stretched ? " (proportions not kept)" : string.Empty)}");
        }

        return changes;
    }

    private static string Describe(int channels) => channels switch
    {
        1 => "grey",
        3 => "RGB",
        _ => "RGBA",
    };

    // A client's file name is shown, never used as a path; a missing or odd one falls back to the file's position.
    private static string DisplayName(string? name, int position)
    {
        var shown = Path.GetFileName(name ?? string.Empty).Trim();
        return shown.Length is > 0 and <= 120 && !shown.Any(char.IsControl) ? $"'{shown}'" : $"upload {position + 1}";
    }

    private static EngineException Refused(string name, string why) =>
        new(EngineErrorKind.InvalidRequest, $"{name} {why}.");
}
