using System.Text.Json;

namespace ExplainHub.Engine.Models.Classical;

/// <summary>AdaBoost rounds that are one CART classification tree each, all saved in trees.json.</summary>
internal sealed class TreeWeakLearners(ClassificationTree[] trees) : IWeakLearners
{
    public const string FileName = "trees.json";

    public int Count => trees.Length;

    public bool CanPredictConcurrently => true;

    public static TreeWeakLearners Load(string directory, int count, int pixels, int classes)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The tree file {path} is missing; the saved model in {directory} is incomplete.", path);
        }

        ClassificationTree[] trees;
        try
        {
            trees = JsonSerializer.Deserialize<ClassificationTree[]>(File.ReadAllBytes(path))
                ?? throw new InvalidDataException($"{path} holds no trees.");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path} is not a tree file: {error.Message}", error);
        }
        if (trees.Length != count)
        {
            throw new InvalidDataException($"{path} holds {trees.Length} trees, but its model.json describes {count} rounds.");
        }

        foreach (var tree in trees)
        {
            ClassificationTree.Check(tree, pixels, classes, path);
        }

        return new TreeWeakLearners(trees);
    }

    public void Predict(ReadOnlySpan<float> rows, int count, RoundProbabilities visit)
    {
        var probabilities = new double[count * trees[0].Classes];
        for (var m = 0; m < trees.Length; m++)
        {
            trees[m].Probabilities(rows, count, probabilities);
            visit(m, probabilities);
        }
    }

    public float[] Importance(int round, int pixels) => XGBoostTrees.Normalise(trees[round].Importance(pixels));

    public void Save(string directory) => File.WriteAllBytes(Path.Combine(directory, FileName), JsonSerializer.SerializeToUtf8Bytes(trees));

    public void Dispose()
    {
    }
}
