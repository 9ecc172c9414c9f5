using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// Classification trees on disk, compact and exact: "EHRF", version 1, tree and class counts, then per tree its node
/// count and the node arrays of <see cref="ClassificationTree"/> (little-endian int32/float32; class weights as
/// float32, which holds bootstrap counts exactly). A forest of 150 depth-15 trees is tens of megabytes here, where
/// JSON text would be hundreds. A truncated or foreign file fails with a message naming it.
/// </summary>
public static class ForestFile
{
    private const int Version = 1;
    private static readonly byte[] Magic = "EHRF"u8.ToArray();

    public static void Write(string path, IReadOnlyList<ClassificationTree> trees, int classes)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(trees.Count);
        writer.Write(classes);
        foreach (var tree in trees)
        {
            writer.Write(tree.NodeCount);
            writer.Write(MemoryMarshal.AsBytes(tree.Feature.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(tree.Threshold.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(tree.Left.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(tree.Right.AsSpan()));
            var weights = Array.ConvertAll(tree.ClassWeights, w => (float)w);
            writer.Write(MemoryMarshal.AsBytes(weights.AsSpan()));
        }
    }

    /// <summary>The trees in <paramref name="path"/>, each checked against the image's pixels and the class count.</summary>
    public static ClassificationTree[] Read(string path, int pixels, int classes)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The forest file {path} is missing; the saved model is incomplete.", path);
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != Version)
            {
                throw new InvalidDataException($"{path} is not an ExplainHub forest file (version {Version}).");
            }

            var count = reader.ReadInt32();
            var stored = reader.ReadInt32();
            if (count < 1 || stored != classes)
            {
                throw new InvalidDataException($"{path} holds {count} trees of {stored} classes; its model has {classes} classes.");
            }

            var trees = new ClassificationTree[count];
            for (var t = 0; t < count; t++)
            {
                var nodes = reader.ReadInt32();
                var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
                if (nodes < 1 || (long)nodes * (16 + (4L * classes)) > remaining)
                {
                    throw new InvalidDataException($"{path} is cut short in tree {t} ({nodes} nodes announced).");
                }

                var feature = ReadArray<int>(reader, nodes);
                var threshold = ReadArray<float>(reader, nodes);
                var left = ReadArray<int>(reader, nodes);
                var right = ReadArray<int>(reader, nodes);
                var weights = Array.ConvertAll(ReadArray<float>(reader, nodes * classes), w => (double)w);
                trees[t] = new ClassificationTree(feature, threshold, left, right, weights, classes);
                ClassificationTree.Check(trees[t], pixels, classes, path);
            }

            return trees;
        }
        catch (EndOfStreamException error)
        {
            throw new InvalidDataException($"{path} is cut short.", error);
        }
    }

    private static T[] ReadArray<T>(BinaryReader reader, int length)
        where T : unmanaged
    {
        var values = new T[length];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
