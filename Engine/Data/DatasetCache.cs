using System.Text;
using System.Text.Json;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Data;

/// <summary>
/// The compact binary form every imported data set is kept in, so that later starts load it in well under
/// a second instead of re-parsing the source. Layout: magic, JSON header (shape, classes, counts and a stamp
/// of the source files), train, test and validation labels (int32), then their pixels (bytes) in the same order.
/// Written to a temporary file and renamed, so a crash never leaves a half-written cache.
/// </summary>
public static class DatasetCache
{
    private static readonly byte[] Magic = "EHDSET02"u8.ToArray();

    private sealed record Header(DatasetInfo Info, string SourceStamp);

    /// <summary>Identifies the source files by name, size and modification time; a change invalidates the cache.</summary>
    public static string StampOf(IEnumerable<string> sourceFiles) =>
        string.Join('|', sourceFiles.Select(f =>
        {
            var info = new FileInfo(f);
            return info.Exists ? $"{info.Name}:{info.Length}:{info.LastWriteTimeUtc.Ticks}" : $"{Path.GetFileName(f)}:missing";
        }));

    public static void Write(string path, IDataset dataset, string sourceStamp)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8))
            {
                var header = JsonSerializer.SerializeToUtf8Bytes(new Header(dataset.Info, sourceStamp));
                writer.Write(Magic);
                writer.Write(header.Length);
                writer.Write(header);
                foreach (var label in dataset.Train.Labels)
                {
                    writer.Write(label);
                }

                foreach (var label in dataset.Test.Labels)
                {
                    writer.Write(label);
                }

                foreach (var label in dataset.Validation.Labels)
                {
                    writer.Write(label);
                }

                writer.Write(dataset.Train.Pixels);
                writer.Write(dataset.Test.Pixels);
                writer.Write(dataset.Validation.Pixels);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The info of a cache file without reading its images, or null when it is not a readable cache.</summary>
    public static DatasetInfo? ReadInfo(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            var info = ReadHeader(reader)?.Info;
            return info is not null && BodyLength(info) == stream.Length - stream.Position ? info : null;
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException or ArgumentException or IOException)
        {
            return null;
        }
    }

    /// <summary>The cached data set, or null when there is none or (with a stamp) it was made from other source files.</summary>
    public static InMemoryDataset? TryRead(string path, string? sourceStamp)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            var header = ReadHeader(reader);
            if (header is null || (sourceStamp is not null && header.SourceStamp != sourceStamp)
                || BodyLength(header.Info) != stream.Length - stream.Position)
            {
                return null;
            }

            var info = header.Info;
            var imageSize = info.Channels * info.Height * info.Width;
            var trainLabels = ReadInts(reader, info.TrainCount);
            var testLabels = ReadInts(reader, info.TestCount);
            var validationLabels = ReadInts(reader, info.ValidationCount);
            var trainPixels = ReadExactly(reader, info.TrainCount * imageSize);
            var testPixels = ReadExactly(reader, info.TestCount * imageSize);
            var validationPixels = ReadExactly(reader, info.ValidationCount * imageSize);
            return new InMemoryDataset(
                info.Id, info.Name, info.Channels, info.Height, info.Width, info.ClassNames,
                trainPixels, trainLabels, testPixels, testLabels, validationPixels, validationLabels);
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException or ArgumentException or IOException)
        {
            return null; // a damaged cache is rebuilt from the source, never trusted
        }
    }

    // The header's length and, below, the sizes it declares are checked against the file before anything is allocated:
    // a damaged or foreign file must not make the reader ask for gigabytes it does not hold.
    private static Header? ReadHeader(BinaryReader reader)
    {
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            return null;
        }

        var length = reader.ReadInt32();
        var stream = reader.BaseStream;
        return length > 0 && length <= stream.Length - stream.Position
            ? JsonSerializer.Deserialize<Header>(reader.ReadBytes(length))
            : null;
    }

    /// <summary>
    /// The bytes after the header that <paramref name="info"/> declares (labels, then pixels); -1 when it declares
    /// nonsense or more than one array can hold (each split's labels and pixels are one array each).
    /// </summary>
    private static long BodyLength(DatasetInfo? info)
    {
        // A header is JSON anyone can write: `"Info": null` deserialises despite the record's annotations.
        if (info?.ClassNames is null || info.Channels <= 0 || info.Height <= 0 || info.Width <= 0
            || info.TrainCount < 0 || info.TestCount < 0 || info.ValidationCount < 0)
        {
            return -1;
        }

        try
        {
            checked
            {
                var imageSize = (long)info.Channels * info.Height * info.Width;
                long largestSplit = Math.Max(info.TrainCount, Math.Max(info.TestCount, info.ValidationCount));
                if (largestSplit * imageSize > Array.MaxLength || largestSplit * sizeof(int) > Array.MaxLength)
                {
                    return -1;
                }

                return ((long)info.TrainCount + info.TestCount + info.ValidationCount) * (sizeof(int) + imageSize);
            }
        }
        catch (OverflowException)
        {
            return -1;
        }
    }

    private static int[] ReadInts(BinaryReader reader, int count)
    {
        var bytes = ReadExactly(reader, count * sizeof(int));
        var values = new int[count];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    private static byte[] ReadExactly(BinaryReader reader, int count)
    {
        var bytes = reader.ReadBytes(count);
        return bytes.Length == count ? bytes : throw new EndOfStreamException();
    }
}
