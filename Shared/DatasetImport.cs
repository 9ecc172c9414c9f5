namespace ExplainHub.Shared;

/// <summary>Formats the engine imports (DESIGN §3; issue 4).</summary>
public static class DatasetFormats
{
    /// <summary>Kaggle's fer2013.csv: emotion,pixels,Usage; Training/PublicTest/PrivateTest → train/validation/test.</summary>
    public const string Fer2013 = "fer2013";

    /// <summary>CIFAR-10's binary batches (data_batch_1..5.bin, test_batch.bin) in a folder.</summary>
    public const string Cifar10 = "cifar10";

    /// <summary>STL-10's binary files (train_X.bin, train_y.bin, test_X.bin, test_y.bin) in a folder.</summary>
    public const string Stl10 = "stl10";

    /// <summary>A folder, or a zip of one, with a sub-folder of images per class (optionally under train/, test/, val/).</summary>
    public const string ImageFolder = "image-folder";

    public static IReadOnlyList<string> All { get; } = [Fer2013, Cifar10, Stl10, ImageFolder];
}

/// <summary>
/// Import a data set from files the engine can read. <see cref="Id"/> defaults to the format's name (image folders:
/// the folder's name); <see cref="Size"/> and <see cref="Grey"/> apply to image folders (default 64 px, RGB). A data
/// set already imported under the id is refused unless <see cref="Replace"/> asks to replace it.
/// </summary>
public sealed record DatasetImportRequest(string Format, string Path, string? Id = null, string? Name = null, int? Size = null, bool Grey = false, bool Replace = false);
