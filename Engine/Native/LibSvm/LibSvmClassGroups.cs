namespace ExplainHub.Engine.Native.LibSvm;

/// <summary>
/// The training samples grouped by class the way svm_train groups them (svm_group_classes): classes in order of
/// first appearance (LIBSVM's class positions), each with its members' training indices in their original order.
/// One-vs-one pair p takes positions (i, j), i &lt; j, in the order i = 0, j = 1..; then i = 1, …
/// </summary>
internal sealed class LibSvmClassGroups
{
    private LibSvmClassGroups(int[] labels, int[][] members)
    {
        Labels = labels;
        Members = members;
        var pairs = new List<(int, int)>();
        for (var i = 0; i < labels.Length; i++)
        {
            for (var j = i + 1; j < labels.Length; j++)
            {
                pairs.Add((i, j));
            }
        }

        Pairs = pairs;
    }

    /// <summary>The label of each class position.</summary>
    public int[] Labels { get; }

    /// <summary>Training indices of each class position's samples, in training order.</summary>
    public int[][] Members { get; }

    public IReadOnlyList<(int I, int J)> Pairs { get; }

    public static LibSvmClassGroups From(ReadOnlySpan<int> labels)
    {
        var order = new List<int>();
        var members = new Dictionary<int, List<int>>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (!members.TryGetValue(labels[i], out var list))
            {
                list = [];
                members[labels[i]] = list;
                order.Add(labels[i]);
            }

            list.Add(i);
        }

        return new LibSvmClassGroups([.. order], order.Select(label => members[label].ToArray()).ToArray());
    }
}
