using ExplainHub.Shared;

namespace ExplainHub.Engine.Evaluate;

/// <summary>
/// scikit-learn's classification_report from true and predicted labels: precision, recall and F1 per class
/// (0 where undefined, as zero_division=0), macro and support-weighted averages, accuracy, confusion matrix.
/// </summary>
public static class ClassificationReportBuilder
{
    public static ClassificationReport Build(
        string modelId, string datasetId, DatasetSplit split, IReadOnlyList<string> classNames, ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"{truth.Length} labels but {predicted.Length} predictions.");
        }

        var classes = classNames.Count;
        var confusion = new int[classes][];
        for (var c = 0; c < classes; c++)
        {
            confusion[c] = new int[classes];
        }

        var correct = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            confusion[truth[i]][predicted[i]]++;
            correct += truth[i] == predicted[i] ? 1 : 0;
        }

        var perClass = new List<ClassMetrics>(classes);
        for (var c = 0; c < classes; c++)
        {
            var truePositives = confusion[c][c];
            var support = confusion[c].Sum();
            var predictedAs = 0;
            for (var t = 0; t < classes; t++)
            {
                predictedAs += confusion[t][c];
            }

            var precision = predictedAs == 0 ? 0 : (double)truePositives / predictedAs;
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new ClassMetrics(classNames[c], precision, recall, f1, support));
        }

        var total = truth.Length;
        var macro = new ClassMetrics("macro avg", perClass.Average(m => m.Precision), perClass.Average(m => m.Recall),
            perClass.Average(m => m.F1), total);
        var weighted = total == 0
            ? new ClassMetrics("weighted avg", 0, 0, 0, 0)
            : new ClassMetrics("weighted avg",
                perClass.Sum(m => m.Precision * m.Support) / total,
                perClass.Sum(m => m.Recall * m.Support) / total,
                perClass.Sum(m => m.F1 * m.Support) / total,
                total);
        return new ClassificationReport(modelId, datasetId, split, perClass, macro, weighted,
            total == 0 ? 0 : (double)correct / total, confusion);
    }
}
