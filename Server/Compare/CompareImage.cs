using System.Security.Cryptography;
using ExplainHub.Shared;

namespace ExplainHub.Server.Compare;

/// <summary>
/// The one image a comparison explains: an image of a data set's split, or a file someone uploaded. <see cref="Key"/>
/// names it for the map cache: by position for a split, by content hash for an upload (never by its file name).
/// </summary>
public sealed record CompareImage
{
    private CompareImage(string datasetId, DatasetSplit split, int index, UploadedImage? upload, string key, Guid? sessionUploadId = null)
    {
        SessionUploadId = sessionUploadId;
        DatasetId = datasetId;
        Split = split;
        Index = index;
        Upload = upload;
        Key = key;
    }

    public string DatasetId { get; }

    public DatasetSplit Split { get; }

    /// <summary>The image's index in its split; −1 for an upload.</summary>
    public int Index { get; }

    public UploadedImage? Upload { get; }

    /// <summary>The id of a review session's upload, which a session shares; null for a split's image or this browser's own upload.</summary>
    public Guid? SessionUploadId { get; }

    public string Key { get; }

    public static CompareImage OfSplit(string datasetId, DatasetSplit split, int index) =>
        new(datasetId, split, index, null, $"{datasetId}/{split}/{index}".ToLowerInvariant());

    public static CompareImage OfUpload(string datasetId, UploadedImage upload) =>
        new(datasetId, DatasetSplit.Test, -1, upload, "upload/" + Convert.ToHexStringLower(SHA256.HashData(upload.Content)));

    /// <summary>A review session's upload: the same image, named in a shared view by its id.</summary>
    public static CompareImage OfSessionUpload(string datasetId, Guid uploadId, UploadedImage upload) =>
        new(datasetId, DatasetSplit.Test, -1, upload, "upload/" + Convert.ToHexStringLower(SHA256.HashData(upload.Content)), uploadId);

    /// <summary>"test image 42" or "upload 'shoe.png'".</summary>
    public string Description => Upload is { } upload ? $"upload '{upload.Name}'" : $"{Split.ToString().ToLowerInvariant()} image {Index}";

    /// <summary>The engine request for one (model, function) map of this image.</summary>
    public ExplainRequest Request(string modelId, string method, int? targetClass, IReadOnlyList<MethodParameter>? parameters) =>
        Upload is { } upload
            ? new ExplainRequest(modelId, DatasetId, Split, [], method, targetClass, parameters, [upload])
            : new ExplainRequest(modelId, DatasetId, Split, [Index], method, targetClass, parameters);
}
